-- Records Kafka refused for good (too large, a topic the platform does not have, a packed row that
-- cannot be read): the relay moves them here with the reason instead of retrying them for ever in
-- front of every later row. Kept until an operator replays or deletes them (README, "Outbox").
CREATE TABLE outbox_dead_letter (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    outbox_id         BIGINT      NOT NULL,
    topic             TEXT,
    record_key        TEXT,
    payload           TEXT        NOT NULL,
    bytes             INT         NOT NULL,
    reason            TEXT        NOT NULL,
    traceparent       TEXT,
    written_at        TIMESTAMPTZ NOT NULL,
    refused_at        TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX outbox_dead_letter_refused_at ON outbox_dead_letter (refused_at);
