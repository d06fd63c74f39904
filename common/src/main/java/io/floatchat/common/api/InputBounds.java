package io.floatchat.common.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The bounds on inputs that more than one service enforces — where a request enters over REST and
 * where the same thing arrives over Kafka — so that both say the same number.
 */
public final class InputBounds {

    /** A message to send ({@code message} of a broadcast, of a flow's send_message, of a send request), as JSON. */
    public static final int MESSAGE_JSON_BYTES = 64 * 1024;

    /** The text of a message, sent or recorded. */
    public static final int MESSAGE_TEXT_CHARS = 4_096;

    /** A user's attributes as JSON, after a change is merged in. */
    public static final int USER_ATTRIBUTES_JSON_BYTES = 32 * 1024;

    /**
     * How far ahead of the platform's clock a message's {@code timestamp} may be: clocks drift, but a
     * message from the future would hold a user's messaging window open for ever.
     */
    public static final Duration FUTURE_TIMESTAMP_TOLERANCE = Duration.ofMinutes(5);

    private InputBounds() {
    }

    /** The size a bound "as JSON" measures: the UTF-8 bytes of the value's compact JSON text. */
    public static int jsonBytes(JsonNode value) {
        return value == null ? 0 : value.toString().getBytes(StandardCharsets.UTF_8).length;
    }

    /** Whether a message time (UTC ms) is further ahead of {@code now} than the tolerance. */
    public static boolean isTooFarAhead(long timestamp, long now) {
        return timestamp > now + FUTURE_TIMESTAMP_TOLERANCE.toMillis();
    }

    /** Text from a peer the platform does not bound (a provider, WhatsApp users), cut to {@code max} characters. */
    public static String shortened(String text, int max) {
        return text == null || text.length() <= max ? text : text.substring(0, max - 3) + "...";
    }
}
