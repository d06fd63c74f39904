-- A sender's claim on a recipient (SENDING) now has a lease of its own, renewed while the recipient
-- waits in its account's lane, and a fencing token: attempts, which every claim increments. An
-- outcome is recorded only by the claim that is still current, and only expired claims are dispatched
-- again (broadcast-service's SendingEngine).
ALTER TABLE recipient ADD COLUMN lease_until BIGINT;
UPDATE recipient SET lease_until = updated_at + 300000 WHERE status = 'SENDING';
DROP INDEX IF EXISTS recipient_sending;
CREATE INDEX recipient_sending ON recipient (lease_until) WHERE status = 'SENDING';
