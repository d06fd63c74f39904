-- The External Broadcast API fills a template's body parameters {{1}}, {{2}}, ... per recipient.
ALTER TABLE recipient ADD COLUMN parameters JSONB;
