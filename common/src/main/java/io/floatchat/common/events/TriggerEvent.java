package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.AttributeBounds;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.trigger-events.v1}, key {@code customerId/botKey}: an event from outside the chat
 * that runs the flows triggered by its {@code eventType}, once per {@code eventId}; {@code userId} is
 * optional, {@code attributes} an object within {@link AttributeBounds}. Producers are outside the
 * platform: every consumer reads a record with {@link #read}, and what does not read is a reason for
 * the dead-letter topic.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record TriggerEvent(
        String eventId,
        long customerId,
        String botKey,
        String eventType,
        String userId,
        ObjectNode attributes,
        long occurredAt) implements OutboxEvent {

    private static final int MAX_EVENT_TYPE = 100;

    /** A record from any producer, checked for what every consumer relies on, or an {@link InvalidEventException} saying why. */
    public static TriggerEvent read(ObjectMapper objectMapper, String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        return new TriggerEvent(
                EventFields.requiredText(event, "eventId", 200),
                EventFields.requiredLong(event, "customerId"),
                EventFields.requiredText(event, "botKey", 64),
                EventFields.requiredText(event, "eventType", MAX_EVENT_TYPE),
                event.hasNonNull("userId") ? EventFields.userId(event) : null,
                attributes(event.path("attributes")),
                EventFields.statedTime(event, "occurredAt"));
    }

    private static ObjectNode attributes(JsonNode attributes) {
        if (attributes.isMissingNode() || attributes.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        String problem = AttributeBounds.problem(attributes);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        return (ObjectNode) attributes;
    }

    @Override
    public String outboxTopic() {
        return Topics.TRIGGER_EVENTS;
    }

    @Override
    public String outboxKey() {
        return customerId + "/" + botKey;
    }
}
