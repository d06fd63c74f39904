package io.floatchat.common.events;

/**
 * {@code floatchat.broadcast-dispatch.v1}, keyed by sending account so that one account's pace is
 * kept by one consumer: deliver one recipient of a running broadcast.
 */
public record BroadcastDispatchEvent(
        String eventId,
        long customerId,
        String botKey,
        String broadcastId,
        long recipientId,
        String userId,
        String sendingAccount) {
}
