-- The message history. A messageId is unique per bot: the same message twice is stored once.
-- Times are UTC milliseconds.
CREATE TABLE message (
    customer_id  BIGINT NOT NULL,
    bot_key      TEXT   NOT NULL,
    user_id      TEXT   NOT NULL,
    message_id   TEXT   NOT NULL,
    channel      TEXT   NOT NULL,
    direction    TEXT   NOT NULL CHECK (direction IN ('INBOUND', 'OUTBOUND')),
    type         TEXT   NOT NULL,
    text         TEXT,
    payload      JSONB,
    ts           BIGINT NOT NULL,
    broadcast_id TEXT,
    PRIMARY KEY (bot_key, message_id)
);

-- One user's history in order: the Conversations API pages through it with an index-only scan
-- (page_number: OFFSET over the keys, then the page's rows; cursor: a keyset seek), so a deep page
-- costs about what the first one does.
CREATE INDEX message_history ON message (customer_id, bot_key, user_id, ts, message_id);
