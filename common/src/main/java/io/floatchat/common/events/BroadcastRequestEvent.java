package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/**
 * {@code floatchat.broadcast-requests.v1}, key {@code botKey}: a request (from a flow's
 * {@code send_message} step) to send a message; becomes a broadcast, idempotent by {@code eventId}.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record BroadcastRequestEvent(
        String eventId,
        long customerId,
        String botKey,
        String channel,
        List<String> userIds,
        JsonNode message,
        String flowKey,
        String runId,
        long requestedAt) {
}
