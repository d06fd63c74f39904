package io.floatchat.conversations.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.api.InputBounds;
import io.floatchat.conversations.Message;

import java.util.regex.Pattern;

/** The bounds of a message, the same for the REST API and Kafka: what is wrong, or null. */
public final class MessageRules {

    public static final int MAX_PAYLOAD = 64 * 1024;
    private static final Pattern MESSAGE_ID = Pattern.compile("[\\x21-\\x7E]{1,200}");
    private static final Pattern CHANNEL = Pattern.compile("[a-z][a-z0-9_-]{0,31}");

    private MessageRules() {
    }

    public static String problem(Message message) {
        if (message.messageId() == null || !MESSAGE_ID.matcher(message.messageId()).matches()) {
            return "messageId must be 1 to 200 printable characters without spaces.";
        }
        if (!Message.TYPES.contains(message.type())) {
            return "type must be one of " + String.join(", ", Message.TYPES.stream().sorted().toList()) + ".";
        }
        if (message.text() != null && message.text().length() > InputBounds.MESSAGE_TEXT_CHARS) {
            return "text is longer than " + InputBounds.MESSAGE_TEXT_CHARS + " characters.";
        }
        JsonNode payload = message.payload();
        if (payload != null && !payload.isNull() && !payload.isObject()) {
            return "payload must be a JSON object.";
        }
        if (payload != null && payload.toString().length() > MAX_PAYLOAD) {
            return "payload is larger than 64 KB.";
        }
        if (message.timestamp() < 0) {
            return "timestamp must be a non-negative number of UTC milliseconds.";
        }
        if (InputBounds.isTooFarAhead(message.timestamp(), System.currentTimeMillis())) {
            return "timestamp is more than " + InputBounds.FUTURE_TIMESTAMP_TOLERANCE.toMinutes()
                    + " minutes ahead of the platform's clock.";
        }
        if (!CHANNEL.matcher(message.channel()).matches()) {
            return "channel must be a channel name such as whatsapp.";
        }
        if (message.broadcastId() != null && message.broadcastId().length() > 64) {
            return "broadcastId is longer than 64 characters.";
        }
        return null;
    }
}
