-- Recipients claimed by a sender and not yet recorded: few at any time, checked every scheduler tick.
CREATE INDEX recipient_sending ON recipient (updated_at) WHERE status = 'SENDING';
