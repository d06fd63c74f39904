package io.floatchat.common.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;

/**
 * Reads a {@code floatchat.messages.v1} record from any producer into a {@link MessageEvent}, checking
 * what every consumer relies on; anything else is an {@link InvalidEventException} with the reason.
 */
public final class MessageEvents {

    private MessageEvents() {
    }

    public static MessageEvent read(ObjectMapper objectMapper, String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
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
                EventFields.optionalText(event, "contactName", 200));
    }
}
