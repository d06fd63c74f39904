-- Trigram matching for the "contains" operator (a trusted extension: the schema owner may create it).
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA users;

-- A user of one bot: the same channel user id in two bots is two users. Times are UTC milliseconds.
CREATE TABLE app_user (
    customer_id     BIGINT NOT NULL,
    bot_key         TEXT   NOT NULL,
    user_id         TEXT   NOT NULL,
    channel         TEXT   NOT NULL,
    name            TEXT,
    attributes      JSONB  NOT NULL DEFAULT '{}',
    first_seen_at   BIGINT NOT NULL,
    last_active_at  BIGINT NOT NULL,
    last_inbound_at BIGINT,
    PRIMARY KEY (bot_key, user_id)
);

-- One row per attribute, for the Users API's search: whatever names customers invent, every
-- operator is an index scan on (bot, name, value). value_text is the value's text form (what the
-- original API compares); value_num is set when the value reads as a number.
CREATE TABLE user_attribute (
    bot_key    TEXT    NOT NULL,
    user_id    TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    value_text TEXT    NOT NULL,
    value_num  NUMERIC,
    PRIMARY KEY (bot_key, user_id, name),
    FOREIGN KEY (bot_key, user_id) REFERENCES app_user (bot_key, user_id) ON DELETE CASCADE
);

-- eq, ne, starts_with, exists and text ranges; the first 200 characters keep every entry within a
-- B-tree page whatever the value (values may be 1,000 characters of any script).
CREATE INDEX user_attribute_by_text ON user_attribute (bot_key, name, (left(value_text, 200)) COLLATE "C", user_id);
-- gt, gte, lt, lte between numbers
CREATE INDEX user_attribute_by_number ON user_attribute (bot_key, name, value_num, user_id) WHERE value_num IS NOT NULL;
-- contains
CREATE INDEX user_attribute_by_trigram ON user_attribute USING gin (value_text gin_trgm_ops);
