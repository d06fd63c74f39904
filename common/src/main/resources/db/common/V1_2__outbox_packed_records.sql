-- The events one transaction writes together can share a row: records holds them as a JSON array of
-- [topic, key, payload] (record_count of them) and topic, record_key and payload stay empty. The relay
-- then locks, reads and deletes one row where it handled hundreds (a group of broadcast outcomes writes
-- 200 events; bench/README.md). Rows of one event keep the first shape.
ALTER TABLE outbox
    ALTER COLUMN topic DROP NOT NULL,
    ALTER COLUMN record_key DROP NOT NULL,
    ALTER COLUMN payload DROP NOT NULL,
    ADD COLUMN records TEXT,
    ADD COLUMN record_count INT NOT NULL DEFAULT 1,
    ADD CONSTRAINT outbox_one_shape CHECK (
        (records IS NULL AND topic IS NOT NULL AND record_key IS NOT NULL AND payload IS NOT NULL AND record_count = 1)
        OR (records IS NOT NULL AND topic IS NULL AND record_key IS NULL AND payload IS NULL AND record_count >= 1));
