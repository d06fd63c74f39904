package io.floatchat.common.api;

import java.util.regex.Pattern;

/**
 * A user's id on a channel — a phone number, a chat id, a page-scoped id — as every front door
 * accepts it, over REST and over Kafka: 1 to 128 letters, digits and {@code _ . : @ + -}.
 */
public final class ChannelUserIds {

    /** The rule as a regular expression: a compile-time constant, for {@code @Pattern(regexp = ...)}. */
    public static final String PATTERN = "[A-Za-z0-9_.:@+-]{1,128}";

    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    private ChannelUserIds() {
    }

    public static boolean isValid(String userId) {
        return userId != null && COMPILED.matcher(userId).matches();
    }
}
