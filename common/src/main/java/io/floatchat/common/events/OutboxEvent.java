package io.floatchat.common.events;

import com.fasterxml.jackson.annotation.JsonIgnore;

/**
 * An event the outbox appends (common/outbox Outbox): the event names its topic and its key, so
 * every producer of a topic keys it the same way and none can pick another. Not part of the JSON.
 */
public interface OutboxEvent {

    /** The topic the event is published to. */
    @JsonIgnore
    String outboxTopic();

    /** The record key: which events share a partition, and so keep their order. */
    @JsonIgnore
    String outboxKey();
}
