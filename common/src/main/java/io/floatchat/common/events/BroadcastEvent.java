package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.broadcast-events.v1}, key {@code broadcastId}: a broadcast's lifecycle
 * ({@code broadcast.started}, {@code broadcast.completed}) and its recipients' progress
 * ({@code message.sent}, {@code message.delivered}, {@code message.read}, {@code message.failed}).
 * Every consumer reads a record with {@link #read}.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record BroadcastEvent(
        String eventId,
        String type,
        long customerId,
        String botKey,
        String broadcastId,
        String userId,
        String providerMessageId,
        String errorCode,
        String errorMessage,
        long occurredAt) implements OutboxEvent {

    public static final String BROADCAST_STARTED = "broadcast.started";
    public static final String BROADCAST_COMPLETED = "broadcast.completed";
    public static final String MESSAGE_SENT = "message.sent";
    public static final String MESSAGE_DELIVERED = "message.delivered";
    public static final String MESSAGE_READ = "message.read";
    public static final String MESSAGE_FAILED = "message.failed";
    /** The longest error message an event carries: producers shorten a provider's to it ({@link #shortened}). */
    public static final int MAX_ERROR_MESSAGE = 1_000;

    /** A provider's error message as an event carries it: at most {@value #MAX_ERROR_MESSAGE} characters. */
    public static String shortened(String errorMessage) {
        return InputBounds.shortened(errorMessage, MAX_ERROR_MESSAGE);
    }

    /** A record, checked for what every consumer relies on, or an {@link InvalidEventException} saying why. */
    public static BroadcastEvent read(ObjectMapper objectMapper, String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        return new BroadcastEvent(
                EventFields.requiredText(event, "eventId", 300),
                EventFields.requiredText(event, "type", 64),
                EventFields.requiredLong(event, "customerId"),
                EventFields.requiredText(event, "botKey", 64),
                EventFields.optionalText(event, "broadcastId", 64),
                event.hasNonNull("userId") ? EventFields.userId(event) : null,
                EventFields.optionalText(event, "providerMessageId", 300),
                EventFields.optionalText(event, "errorCode", 64),
                EventFields.optionalText(event, "errorMessage", MAX_ERROR_MESSAGE),
                EventFields.statedTime(event, "occurredAt"));
    }

    @Override
    public String outboxTopic() {
        return Topics.BROADCAST_EVENTS;
    }

    @Override
    public String outboxKey() {
        return broadcastId;
    }
}
