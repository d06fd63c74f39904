package io.floatchat.broadcast;

import com.fasterxml.jackson.databind.JsonNode;

/** A broadcast: one message to many users of one bot, at a scheduled time. Times are UTC milliseconds. */
public record Broadcast(
        String id,
        long customerId,
        String botKey,
        String name,
        String channel,
        JsonNode message,
        BroadcastStatus status,
        long scheduledAt,
        Long startedAt,
        Long completedAt,
        int total) {
}
