package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.broadcast-dispatch.v1}, keyed by sending account so that one account's pace is
 * kept by one consumer: deliver one recipient of a running broadcast.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record BroadcastDispatchEvent(
        String eventId,
        long customerId,
        String botKey,
        String broadcastId,
        long recipientId,
        String userId,
        String sendingAccount) {
}
