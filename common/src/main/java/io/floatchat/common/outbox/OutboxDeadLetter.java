package io.floatchat.common.outbox;

import java.time.OffsetDateTime;

/**
 * A record Kafka refused for good, as the {@code outbox_dead_letter} table keeps it: where it came from,
 * what it was, why it was refused ({@code kind} for the metric, {@code reason} for the operator).
 */
record OutboxDeadLetter(long outboxId, OffsetDateTime writtenAt, String traceparent, String topic, String key,
                        String payload, int bytes, String kind, String reason) {
}
