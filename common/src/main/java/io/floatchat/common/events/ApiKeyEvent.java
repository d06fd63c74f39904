package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.apikey-events.v1}, key {@code keyId} (or the customer id): a key or a customer's
 * bots changed; every gateway replica drops what it cached, so a revoked key stops working everywhere
 * within a second.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record ApiKeyEvent(
        String eventId,
        String type,
        String keyId,
        long customerId,
        long occurredAt) {

    public static final String REVOKED = "key.revoked";
    public static final String REGENERATED = "key.regenerated";
    /** A bot was added to the customer: keys of that customer see a new set of bots. */
    public static final String BOTS_CHANGED = "customer.bots-changed";
}
