-- A channel account id (a WhatsApp phone number id) belongs to one bot on the whole platform: a second
-- bot that claimed one another bot already had could take over its sends and statuses. Where such
-- duplicates exist, the oldest binding keeps the number: a binding's age is the earlier of its bot's
-- first broadcast on the channel and its last change (a rotated token changes the second, not the
-- first — a bot that took over a number and never sent cannot look older than the owner that did).
-- The others are set aside in channel_account_conflict, with a warning naming them, and their bots can
-- configure a number of their own again.
CREATE TEMPORARY TABLE channel_account_first_use ON COMMIT DROP AS
    SELECT c.bot_key, c.channel, c.phone_number_id,
           LEAST(c.updated_at, COALESCE((SELECT min(b.created_at) FROM broadcast b
                                         WHERE b.bot_key = c.bot_key AND b.channel = c.channel), c.updated_at)) AS first_use
    FROM channel_account c;

ALTER TABLE channel_account ADD COLUMN bound_at BIGINT;
UPDATE channel_account c SET bound_at = f.first_use FROM channel_account_first_use f WHERE f.bot_key = c.bot_key;
ALTER TABLE channel_account ALTER COLUMN bound_at SET NOT NULL;

CREATE TABLE channel_account_conflict (LIKE channel_account INCLUDING DEFAULTS);
ALTER TABLE channel_account_conflict ADD COLUMN set_aside_at BIGINT NOT NULL;

CREATE TEMPORARY TABLE channel_account_loser ON COMMIT DROP AS
    SELECT f.bot_key FROM channel_account_first_use f
    WHERE EXISTS (SELECT 1 FROM channel_account_first_use older WHERE older.channel = f.channel
                  AND older.phone_number_id = f.phone_number_id
                  AND (older.first_use, older.bot_key) < (f.first_use, f.bot_key));

DO $$
DECLARE
    loser RECORD;
BEGIN
    FOR loser IN SELECT c.bot_key, c.customer_id, c.channel, c.phone_number_id FROM channel_account c
                 JOIN channel_account_loser l ON l.bot_key = c.bot_key LOOP
        RAISE WARNING 'channel account % (%) of bot % of customer % is bound to an older bot too: set aside in channel_account_conflict',
            loser.phone_number_id, loser.channel, loser.bot_key, loser.customer_id;
    END LOOP;
END $$;

INSERT INTO channel_account_conflict
    SELECT c.*, (extract(epoch FROM clock_timestamp()) * 1000)::bigint FROM channel_account c
    JOIN channel_account_loser l ON l.bot_key = c.bot_key;
DELETE FROM channel_account c USING channel_account_loser l WHERE l.bot_key = c.bot_key;

CREATE UNIQUE INDEX channel_account_one_bot ON channel_account (channel, phone_number_id);

-- Secrets sealed with the bot and the field as associated data (version 2): a ciphertext copied into
-- another row or field no longer decrypts. Rows of version 1 are sealed again at startup.
ALTER TABLE channel_account ADD COLUMN secrets_version INT NOT NULL DEFAULT 1;
