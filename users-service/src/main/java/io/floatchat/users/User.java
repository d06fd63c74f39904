package io.floatchat.users;

import java.util.Map;

/**
 * A user of one bot. {@code userId} is the channel user id (what the Conversations API takes);
 * times are UTC milliseconds; {@code lastInboundAt} is null until the user writes to the bot.
 */
public record User(
        String userId,
        String channel,
        String name,
        Map<String, Object> attributes,
        long firstSeenAt,
        long lastActiveAt,
        Long lastInboundAt) {
}
