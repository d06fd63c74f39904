package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.apikey-events.v1}, key {@code keyId} (or the customer id): a key or a customer's
 * bots changed; every gateway replica drops what it cached, so a revoked key stops working everywhere
 * within a second. A record is read with {@link #read}; without a {@code keyId} it is about the
 * customer's keys, all of them.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record ApiKeyEvent(
        String eventId,
        String type,
        String keyId,
        long customerId,
        long occurredAt) implements OutboxEvent {

    public static final String REVOKED = "key.revoked";
    public static final String REGENERATED = "key.regenerated";
    /** A bot was added to the customer: keys of that customer see a new set of bots. */
    public static final String BOTS_CHANGED = "customer.bots-changed";

    /** A record, checked for what the gateway relies on, or an {@link InvalidEventException} saying why. */
    public static ApiKeyEvent read(ObjectMapper objectMapper, String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        return new ApiKeyEvent(
                EventFields.optionalText(event, "eventId", 200),
                EventFields.requiredText(event, "type", 64),
                EventFields.optionalText(event, "keyId", 64),
                EventFields.requiredLong(event, "customerId"),
                EventFields.statedTime(event, "occurredAt"));
    }

    @Override
    public String outboxTopic() {
        return Topics.APIKEY_EVENTS;
    }

    @Override
    public String outboxKey() {
        return keyId != null ? keyId : Long.toString(customerId);
    }
}
