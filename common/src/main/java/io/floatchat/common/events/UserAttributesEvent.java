package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.floatchat.common.api.AttributeBounds;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.user-attributes.v1}, key {@code botKey/userId}: merge these attributes (an object,
 * within {@link AttributeBounds}) into the user (created when new); a {@code null} value removes the
 * attribute. Every consumer reads a record with {@link #read}.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record UserAttributesEvent(
        String eventId,
        long customerId,
        String botKey,
        String userId,
        String channel,
        String name,
        JsonNode attributes,
        long occurredAt) implements OutboxEvent {

    /** A record from any producer, checked for what every consumer relies on, or an {@link InvalidEventException} saying why. */
    public static UserAttributesEvent read(ObjectMapper objectMapper, String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        JsonNode attributes = event.path("attributes");
        if (attributes.isMissingNode() || attributes.isNull()) {
            attributes = JsonNodeFactory.instance.objectNode();
        }
        String problem = AttributeBounds.problem(attributes);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        return new UserAttributesEvent(
                EventFields.requiredText(event, "eventId", 200),
                EventFields.requiredLong(event, "customerId"),
                EventFields.requiredText(event, "botKey", 64),
                EventFields.userId(event),
                EventFields.optionalText(event, "channel", 32),
                EventFields.optionalText(event, "name", 200),
                attributes,
                EventFields.statedTime(event, "occurredAt"));
    }

    @Override
    public String outboxTopic() {
        return Topics.USER_ATTRIBUTES;
    }

    @Override
    public String outboxKey() {
        return Topics.userKey(botKey, userId);
    }
}
