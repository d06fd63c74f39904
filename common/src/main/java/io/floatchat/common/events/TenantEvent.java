package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.tenants.v1} (compacted), key {@code botKey}: which customer a bot belongs to, from
 * the gateway, which owns bots. Every service that takes events from outside producers keeps a copy
 * (common/tenancy TenantRegistry) and refuses an event whose customer and bot are not a pair of it.
 * A record is read with {@link #read}.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record TenantEvent(
        String eventId,
        String type,
        long customerId,
        String botKey,
        long occurredAt) implements OutboxEvent {

    public static final String BOT_CREATED = "bot.created";
    public static final String BOT_DELETED = "bot.deleted";

    /** A record, checked for what the registry relies on, or an {@link InvalidEventException} saying why. */
    public static TenantEvent read(ObjectMapper objectMapper, String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        return new TenantEvent(
                EventFields.optionalText(event, "eventId", 200),
                EventFields.requiredText(event, "type", 32),
                EventFields.requiredLong(event, "customerId"),
                EventFields.requiredText(event, "botKey", 64),
                EventFields.statedTime(event, "occurredAt"));
    }

    @Override
    public String outboxTopic() {
        return Topics.TENANTS;
    }

    @Override
    public String outboxKey() {
        return botKey;
    }
}
