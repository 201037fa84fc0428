-- Training-use consent per end user and per API key, append-only with full history.
-- subject_hash is a keyed hash of (tenant, kind, id): the ledger never holds the raw end user id.
CREATE TABLE consent_events (
    event_id     VARCHAR(64)  NOT NULL PRIMARY KEY,
    tenant       VARCHAR(128) NOT NULL,
    subject_kind VARCHAR(16)  NOT NULL,
    subject_hash VARCHAR(64)  NOT NULL,
    seq          BIGINT       NOT NULL,
    decision     VARCHAR(16)  NOT NULL,
    actor        VARCHAR(256) NOT NULL,
    source       VARCHAR(64)  NOT NULL,
    changed_at   BIGINT       NOT NULL,
    CONSTRAINT consent_events_order UNIQUE (tenant, subject_kind, subject_hash, seq)
);
