-- Data keys (one per tenant and retention period) and named keysets, wrapped by the KEK.
-- Wrapped bytes are stored as base64 text so that the schema is the same on SQLite and PostgreSQL.
CREATE TABLE data_keys (
    key_id      VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant      VARCHAR(128) NOT NULL,
    expires_at  BIGINT       NOT NULL,
    kek_version VARCHAR(128) NOT NULL,
    wrapped     TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL,
    CONSTRAINT data_keys_period UNIQUE (tenant, expires_at)
);

CREATE INDEX data_keys_expiry ON data_keys (expires_at);
CREATE INDEX data_keys_kek_version ON data_keys (kek_version);

CREATE TABLE sealed_keysets (
    name        VARCHAR(64)  NOT NULL PRIMARY KEY,
    kek_version VARCHAR(128) NOT NULL,
    wrapped     TEXT         NOT NULL,
    created_at  BIGINT       NOT NULL
);
