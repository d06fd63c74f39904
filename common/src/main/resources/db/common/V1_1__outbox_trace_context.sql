-- The trace context (W3C traceparent) of the request that wrote the event, so that the trace continues
-- through Kafka to the consumers although the event is published later, by the relay.
ALTER TABLE outbox ADD COLUMN traceparent TEXT;
