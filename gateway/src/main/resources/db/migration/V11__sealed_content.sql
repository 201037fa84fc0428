-- Stored records (only when a policy keeps content) and their sealed fields.
-- end_user_hash is a keyed hash (blind index) of the end user id, never the id itself.
CREATE TABLE stored_records (
    record_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant        VARCHAR(128) NOT NULL,
    api_key_id    VARCHAR(128) NOT NULL,
    end_user_hash VARCHAR(64),
    store_mode    VARCHAR(16)  NOT NULL,
    consent       VARCHAR(16)  NOT NULL,
    captured_at   BIGINT       NOT NULL,
    expires_at    BIGINT       NOT NULL,
    data_key_id   VARCHAR(64)  NOT NULL
);

CREATE INDEX stored_records_expiry ON stored_records (expires_at);
CREATE INDEX stored_records_data_key ON stored_records (data_key_id);
CREATE INDEX stored_records_consent ON stored_records (consent, captured_at);

CREATE TABLE sealed_fields (
    record_id  VARCHAR(64) NOT NULL,
    field      VARCHAR(64) NOT NULL,
    ciphertext TEXT        NOT NULL,
    PRIMARY KEY (record_id, field)
);
