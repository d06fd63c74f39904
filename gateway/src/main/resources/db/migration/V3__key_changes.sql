-- What changed about keys, and when (the database's clock): every gateway replica reads the changes
-- of the last few seconds twice a second and drops what it cached, so a revocation reaches every
-- replica within a second even while Kafka (floatchat.apikey-events.v1, the fast path) is down.
-- key_id null: a change to a customer's bots, which changes what all its keys may see.
CREATE TABLE key_change (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    key_id      TEXT,
    customer_id BIGINT      NOT NULL,
    changed_at  TIMESTAMPTZ NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX key_change_recent ON key_change (changed_at);
