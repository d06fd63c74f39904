package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code floatchat.messages.v1}, key {@code botKey/userId}: a message to or from a user, from a
 * WhatsApp webhook, a sent broadcast message or an ingest caller. {@code messageId} is unique per bot.
 */
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
