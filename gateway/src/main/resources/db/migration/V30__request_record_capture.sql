-- What was kept of each request: the training consent captured with its stored content (NULL when
-- the policy stores no content) and whether sealed content was made durable.
ALTER TABLE request_records ADD COLUMN consent VARCHAR(16);
ALTER TABLE request_records ADD COLUMN content_stored INTEGER NOT NULL DEFAULT 0;
