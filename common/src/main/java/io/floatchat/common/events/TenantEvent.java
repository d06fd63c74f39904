package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.tenants.v1} (compacted), key {@code botKey}: which customer a bot belongs to, from
 * the gateway, which owns bots. Every service that takes events from outside producers keeps a copy
 * (common/tenancy TenantRegistry) and refuses an event whose customer and bot are not a pair of it.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record TenantEvent(
        String eventId,
        String type,
        long customerId,
        String botKey,
        long occurredAt) {

    public static final String BOT_CREATED = "bot.created";
    public static final String BOT_DELETED = "bot.deleted";
}
