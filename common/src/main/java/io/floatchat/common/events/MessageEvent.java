package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * {@code floatchat.messages.v1}, key {@code botKey/userId}: a message to or from a user, from a
 * WhatsApp webhook, a sent broadcast message or an ingest caller. {@code messageId} is unique per bot.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record MessageEvent(
        String eventId,
        long customerId,
        String botKey,
        String userId,
        String channel,
        String messageId,
        Direction direction,
        String type,
        String text,
        JsonNode payload,
        long timestamp,
        String broadcastId,
        String contactName) {
}
