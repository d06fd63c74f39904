-- A bot's flows: what triggers them and their steps (validated JSON, kept as given).
CREATE TABLE flow (
    customer_id  BIGINT NOT NULL,
    bot_key      TEXT   NOT NULL,
    flow_key     TEXT   NOT NULL,
    name         TEXT,
    trigger_type TEXT   NOT NULL CHECK (trigger_type IN ('api', 'event', 'broadcast_event')),
    trigger_on   TEXT,
    definition   JSONB  NOT NULL,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (bot_key, flow_key)
);
-- event triggers: the flows an event type runs
CREATE INDEX flow_by_trigger ON flow (bot_key, trigger_type, trigger_on);

-- A run: persisted before the trigger is answered, executed afterwards, resumed after a restart.
-- The flow's definition is copied in, so a flow changed meanwhile does not change a run in flight.
CREATE TABLE flow_run (
    id            TEXT   PRIMARY KEY,
    customer_id   BIGINT NOT NULL,
    bot_key       TEXT   NOT NULL,
    flow_key      TEXT   NOT NULL,
    user_id       TEXT,
    attributes    JSONB  NOT NULL,
    definition    JSONB  NOT NULL,
    status        TEXT   NOT NULL CHECK (status IN ('ACCEPTED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    steps         JSONB  NOT NULL DEFAULT '[]',
    claimed_at    BIGINT,
    created_at    BIGINT NOT NULL,
    finished_at   BIGINT
);
-- what the executor claims
CREATE INDEX flow_run_open ON flow_run (created_at) WHERE status IN ('ACCEPTED', 'RUNNING');

-- Idempotency-Key of the API Trigger: a retry with the same key and body gets the first response.
CREATE TABLE idempotency_key (
    customer_id  BIGINT NOT NULL,
    bot_key      TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    request_hash TEXT   NOT NULL,
    response     JSONB  NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (customer_id, bot_key, key)
);
