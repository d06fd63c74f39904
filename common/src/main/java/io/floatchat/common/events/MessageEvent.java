package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.messages.v1}, key {@code botKey/userId}: a message to or from a user, from a
 * WhatsApp webhook, a sent broadcast message or an ingest caller. {@code messageId} is unique per bot.
 * Every consumer reads a record with {@link #read}.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record MessageEvent(
        String eventId,
        long customerId,
        String botKey,
        String userId,
        String channel,
        String messageId,
        Direction direction,
        String type,
        String text,
        JsonNode payload,
        long timestamp,
        String broadcastId,
        String contactName) implements OutboxEvent {

    /** The longest contact name a message carries (a WhatsApp profile name is shortened to it). */
    public static final int MAX_CONTACT_NAME = 200;

    /** A record from any producer, checked for what every consumer relies on, or an {@link InvalidEventException} saying why. */
    public static MessageEvent read(ObjectMapper objectMapper, String json) {
        return read(EventFields.parse(objectMapper, json));
    }

    /**
     * As {@link #read} for an inbound message; null for an outbound one, which is not checked further
     * (for a consumer that passes over the messages the platform sends).
     */
    public static MessageEvent readInbound(ObjectMapper objectMapper, String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        return Direction.OUTBOUND.name().equals(event.path("direction").asText()) ? null : read(event);
    }

    private static MessageEvent read(JsonNode event) {
        String direction = EventFields.requiredText(event, "direction", 16);
        if (!direction.equals(Direction.INBOUND.name()) && !direction.equals(Direction.OUTBOUND.name())) {
            throw new InvalidEventException("direction must be INBOUND or OUTBOUND");
        }
        String channel = EventFields.optionalText(event, "channel", 32);
        return new MessageEvent(
                EventFields.optionalText(event, "eventId", 200),
                EventFields.requiredLong(event, "customerId"),
                EventFields.requiredText(event, "botKey", 64),
                EventFields.userId(event),
                channel == null ? "whatsapp" : channel,
                EventFields.requiredText(event, "messageId", 200),
                Direction.valueOf(direction),
                EventFields.requiredText(event, "type", 32),
                EventFields.optionalText(event, "text", InputBounds.MESSAGE_TEXT_CHARS),
                event.get("payload"),
                EventFields.messageTime(event),
                EventFields.optionalText(event, "broadcastId", 64),
                EventFields.optionalText(event, "contactName", MAX_CONTACT_NAME));
    }

    @Override
    public String outboxTopic() {
        return Topics.MESSAGES;
    }

    @Override
    public String outboxKey() {
        return Topics.userKey(botKey, userId);
    }
}
