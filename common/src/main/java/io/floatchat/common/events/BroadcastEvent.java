package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.broadcast-events.v1}, key {@code broadcastId}: a broadcast's lifecycle
 * ({@code broadcast.started}, {@code broadcast.completed}) and its recipients' progress
 * ({@code message.sent}, {@code message.delivered}, {@code message.read}, {@code message.failed}).
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
        long occurredAt) {

    public static final String BROADCAST_STARTED = "broadcast.started";
    public static final String BROADCAST_COMPLETED = "broadcast.completed";
    public static final String MESSAGE_SENT = "message.sent";
    public static final String MESSAGE_DELIVERED = "message.delivered";
    public static final String MESSAGE_READ = "message.read";
    public static final String MESSAGE_FAILED = "message.failed";
}
