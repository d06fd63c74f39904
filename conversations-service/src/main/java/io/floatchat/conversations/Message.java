package io.floatchat.conversations;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.events.Direction;

import java.util.Set;

/** One message of a conversation, as the Conversations API returns it. */
public record Message(
        String messageId,
        String userId,
        String channel,
        Direction direction,
        String type,
        String text,
        JsonNode payload,
        long timestamp,
        String broadcastId) {

    /** The message types the Conversations API documents. */
    public static final Set<String> TYPES = Set.of("text", "interactive", "template", "media", "event");
}
