-- Idempotency keys (common/idempotency IdempotencyKeys), now in every service's schema with the code
-- that uses them. broadcast- and trigger-service created this table in their own V2 before it moved
-- here: hence IF NOT EXISTS, and a version after every service's V2, so that on a fresh database it
-- runs after theirs (out of order in an existing one, as every migration of this stream may).
CREATE TABLE IF NOT EXISTS idempotency_key (
    customer_id  BIGINT NOT NULL,
    bot_key      TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    request_hash TEXT   NOT NULL,
    response     JSONB  NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (customer_id, bot_key, key)
);

-- The events a consumer applied are forgotten once their topic cannot deliver them again
-- (common/idempotency KeptKeysPurge): by age, so by an index on it.
CREATE INDEX IF NOT EXISTS processed_event_age ON processed_event (processed_at);
