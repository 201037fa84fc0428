-- Admin users, second factors, sign-in throttling and sessions (dev.veil.auth.admin).
-- Portable between SQLite and PostgreSQL.

CREATE TABLE admin_user (
  name VARCHAR(64) PRIMARY KEY,
  role VARCHAR(16) NOT NULL,
  password_hash VARCHAR(255) NOT NULL,
  -- Base32 TOTP secret once enrolled; pending while an enrolment is in progress.
  totp_secret VARCHAR(64),
  totp_pending VARCHAR(64),
  -- Last time step accepted, so a code is never accepted twice.
  totp_last_step BIGINT NOT NULL,
  disabled INTEGER NOT NULL,
  created_at BIGINT NOT NULL
);

-- SHA-256 of each recovery code (80 random bits each), usable once.
CREATE TABLE admin_recovery_code (
  user_name VARCHAR(64) NOT NULL,
  code_hash VARCHAR(64) NOT NULL,
  used_at BIGINT,
  PRIMARY KEY (user_name, code_hash)
);

-- Failed sign-ins per subject: 'user:NAME' or 'addr:ADDRESS'.
CREATE TABLE admin_login_throttle (
  subject VARCHAR(300) PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL
);

-- SHA-256 of each session or enrolment token; the token itself is only ever held by the client.
CREATE TABLE admin_session (
  token_hash VARCHAR(64) PRIMARY KEY,
  user_name VARCHAR(64) NOT NULL,
  purpose VARCHAR(16) NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);

CREATE INDEX admin_session_user ON admin_session (user_name);
