-- What each request cost, in billionths of the price table's currency (NULL when its model has no
-- price in veil.yaml). Budgets are counted in Redis or in process; this is the per-request record.
ALTER TABLE request_records ADD COLUMN spend_nanos BIGINT;
