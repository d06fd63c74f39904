package io.floatchat.conversations;

import io.floatchat.common.error.ApiException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code cursor} extension: the position after one message (its time and id), opaque to the
 * client. The next page is a seek to that position, so every page costs the same however deep.
 */
public record HistoryCursor(long timestamp, String messageId) {

    private static final String VERSION = "v1:";

    public String encode() {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((VERSION + timestamp + ":" + messageId).getBytes(StandardCharsets.UTF_8));
    }

    /** The cursor a client sent back, or null for none; one it did not get from us is 1001. */
    public static HistoryCursor decode(String cursor) {
        if (cursor == null || cursor.isBlank()) {
            return null;
        }
        try {
            String text = new String(Base64.getUrlDecoder().decode(cursor.trim()), StandardCharsets.UTF_8);
            if (text.startsWith(VERSION)) {
                int separator = text.indexOf(':', VERSION.length());
                if (separator > VERSION.length()) {
                    return new HistoryCursor(Long.parseLong(text.substring(VERSION.length(), separator)),
                            text.substring(separator + 1));
                }
            }
        } catch (IllegalArgumentException notOurs) {
            // reported below
        }
        throw ApiException.invalidRequest("cursor is not one this API returned.");
    }
}
