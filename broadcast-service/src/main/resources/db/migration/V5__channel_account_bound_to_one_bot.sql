-- A channel account id (a WhatsApp phone number id) belongs to one bot on the whole platform: a second
-- bot that claimed one another bot already had could take over its sends and statuses. Where such
-- duplicates exist, the binding changed longest ago (the best record of which came first) keeps the
-- number; the others are set aside in channel_account_conflict, with a warning naming them, and their
-- bots can configure a number of their own again.
ALTER TABLE channel_account ADD COLUMN bound_at BIGINT;
UPDATE channel_account SET bound_at = updated_at;
ALTER TABLE channel_account ALTER COLUMN bound_at SET NOT NULL;

CREATE TABLE channel_account_conflict (LIKE channel_account INCLUDING DEFAULTS);
ALTER TABLE channel_account_conflict ADD COLUMN set_aside_at BIGINT NOT NULL;

CREATE TEMPORARY TABLE channel_account_loser ON COMMIT DROP AS
    SELECT c.bot_key FROM channel_account c
    WHERE EXISTS (SELECT 1 FROM channel_account older WHERE older.channel = c.channel
                  AND older.phone_number_id = c.phone_number_id
                  AND (older.updated_at, older.bot_key) < (c.updated_at, c.bot_key));

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
