package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * A record that could not be processed, published to a {@code .dlq.v1} topic with the reason, so
 * that nothing is dropped silently and a bad record never blocks its partition. {@code consumer} is
 * the service that refused it (several services read one topic: each says so).
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record DeadLetter(
        String reason,
        String consumer,
        String topic,
        int partition,
        long offset,
        String key,
        String value,
        long failedAt) implements OutboxEvent {

    @Override
    public String outboxTopic() {
        return Topics.deadLetterTopicOf(topic);
    }

    @Override
    public String outboxKey() {
        return key == null ? "unkeyed" : key;
    }
}
