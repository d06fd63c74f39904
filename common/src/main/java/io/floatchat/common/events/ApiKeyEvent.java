package io.floatchat.common.events;

/**
 * {@code floatchat.apikey-events.v1}, key {@code keyId}: a key changed; every gateway replica drops
 * it from its cache so a revoked key stops working everywhere within a second.
 */
public record ApiKeyEvent(
        String eventId,
        String type,
        String keyId,
        long customerId,
        long occurredAt) {

    public static final String CREATED = "key.created";
    public static final String REVOKED = "key.revoked";
    public static final String REGENERATED = "key.regenerated";
}
