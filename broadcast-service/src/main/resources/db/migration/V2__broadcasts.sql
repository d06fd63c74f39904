-- Broadcasts and their recipients. Times are UTC milliseconds.
CREATE TABLE broadcast (
    id            TEXT   PRIMARY KEY,
    customer_id   BIGINT NOT NULL,
    bot_key       TEXT   NOT NULL,
    name          TEXT   NOT NULL,
    channel       TEXT   NOT NULL,
    message       JSONB  NOT NULL,
    status        TEXT   NOT NULL CHECK (status IN ('SCHEDULED', 'RUNNING', 'COMPLETED', 'CANCELLED')),
    scheduled_at  BIGINT NOT NULL,
    started_at    BIGINT,
    completed_at  BIGINT,
    total         INT    NOT NULL,
    created_at    BIGINT NOT NULL
);
-- what the scheduler claims
CREATE INDEX broadcast_due ON broadcast (scheduled_at) WHERE status = 'SCHEDULED';
CREATE INDEX broadcast_by_bot ON broadcast (customer_id, bot_key, created_at DESC, id);

CREATE TABLE recipient (
    id                  BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    broadcast_id        TEXT   NOT NULL REFERENCES broadcast (id) ON DELETE CASCADE,
    user_id             TEXT   NOT NULL,
    status              TEXT   NOT NULL DEFAULT 'PENDING' CHECK (status IN ('PENDING', 'SENDING', 'SENT', 'DELIVERED',
                            'READ', 'FAILED', 'SKIPPED_OUTSIDE_WINDOW', 'CANCELLED')),
    provider_message_id TEXT,
    error_code          TEXT,
    error_message       TEXT,
    attempts            INT    NOT NULL DEFAULT 0,
    updated_at          BIGINT NOT NULL,
    UNIQUE (broadcast_id, user_id)
);
CREATE INDEX recipient_by_status ON recipient (broadcast_id, status, id);
CREATE INDEX recipient_by_provider_id ON recipient (provider_message_id) WHERE provider_message_id IS NOT NULL;

-- Idempotency-Key: a retry with the same key and body gets the first response, with no second effect.
CREATE TABLE idempotency_key (
    customer_id  BIGINT NOT NULL,
    bot_key      TEXT   NOT NULL,
    key          TEXT   NOT NULL,
    request_hash TEXT   NOT NULL,
    response     JSONB  NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (customer_id, bot_key, key)
);

-- The bots' WhatsApp Cloud API accounts; secrets encrypted (AES-GCM) with a key from configuration.
CREATE TABLE channel_account (
    bot_key              TEXT   PRIMARY KEY,
    customer_id          BIGINT NOT NULL,
    channel              TEXT   NOT NULL,
    phone_number_id      TEXT   NOT NULL,
    access_token         BYTEA  NOT NULL,
    app_secret           BYTEA  NOT NULL,
    verify_token         BYTEA  NOT NULL,
    api_base_url         TEXT   NOT NULL,
    api_version          TEXT   NOT NULL,
    messages_per_second  INT    NOT NULL CHECK (messages_per_second BETWEEN 1 AND 1000),
    updated_at           BIGINT NOT NULL
);

-- This service's own projection of each user's last inbound message (from floatchat.messages.v1):
-- the 24-hour window rule needs no call to another service.
CREATE TABLE inbound_window (
    bot_key         TEXT   NOT NULL,
    user_id         TEXT   NOT NULL,
    last_inbound_at BIGINT NOT NULL,
    PRIMARY KEY (bot_key, user_id)
);
