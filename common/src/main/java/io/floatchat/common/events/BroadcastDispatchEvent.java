package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * {@code floatchat.broadcast-dispatch.v1}, keyed by sending account so that one account's pace is
 * kept by one consumer: deliver a group of recipients (up to 100, in id order) of a running broadcast.
 * Written by the broadcast scheduler's SQL; the sender reads {@code recipientIds} and
 * {@code sendingAccount}, and also a record of the first version's single {@code recipientId}, which
 * may still be on the topic after an upgrade.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record BroadcastDispatchEvent(
        String eventId,
        long customerId,
        String botKey,
        String broadcastId,
        List<Long> recipientIds,
        String sendingAccount) {
}
