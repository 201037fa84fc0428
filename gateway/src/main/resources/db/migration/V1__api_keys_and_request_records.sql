-- Portable SQL: runs unchanged on SQLite and PostgreSQL. Times are epoch milliseconds.
CREATE TABLE api_keys (
    id           VARCHAR(36)   NOT NULL PRIMARY KEY,
    name         VARCHAR(200)  NOT NULL UNIQUE,
    prefix       VARCHAR(32)   NOT NULL,
    key_hash     VARCHAR(64)   NOT NULL UNIQUE,
    models       VARCHAR(4000) NOT NULL,
    policy       VARCHAR(200),
    created_at   BIGINT        NOT NULL,
    expires_at   BIGINT,
    revoked_at   BIGINT,
    last_used_at BIGINT
);

CREATE INDEX api_keys_prefix ON api_keys (prefix);

CREATE TABLE request_records (
    id                VARCHAR(36)  NOT NULL PRIMARY KEY,
    started_at        BIGINT       NOT NULL,
    api_key_id        VARCHAR(36),
    endpoint          VARCHAR(32)  NOT NULL,
    model             VARCHAR(200),
    provider          VARCHAR(200),
    status            INTEGER      NOT NULL,
    streamed          INTEGER      NOT NULL,
    latency_micros    BIGINT       NOT NULL,
    prompt_tokens     INTEGER,
    completion_tokens INTEGER,
    total_tokens      INTEGER,
    bytes_in          BIGINT       NOT NULL,
    bytes_out         BIGINT       NOT NULL,
    receipt           VARCHAR(2000)
);

CREATE INDEX request_records_started_at ON request_records (started_at);
