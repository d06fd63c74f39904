-- Transactional outbox: a row written in the same transaction as the change it announces,
-- relayed to Kafka afterwards (ARCHITECTURE.md, "Kafka topics").
CREATE TABLE outbox (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    topic        TEXT        NOT NULL,
    record_key   TEXT        NOT NULL,
    payload      JSONB       NOT NULL,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Kafka delivers at least once: a consumer records each event id it has applied.
CREATE TABLE processed_event (
    event_id     TEXT        PRIMARY KEY,
    processed_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
