package io.floatchat.users;

import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;

/**
 * What a user's messages say about the user: when first and last seen, when last heard from
 * ({@code lastInboundAt}, null when never: the WhatsApp 24-hour window), and the contact name.
 */
public record UserActivity(long customerId, String botKey, String userId, String channel, String name,
                           long firstSeenAt, long lastActiveAt, Long lastInboundAt) {

    public static UserActivity of(MessageEvent message) {
        return new UserActivity(message.customerId(), message.botKey(), message.userId(), message.channel(),
                message.contactName(), message.timestamp(), message.timestamp(),
                message.direction() == Direction.INBOUND ? message.timestamp() : null);
    }

    /** This and another message of the same user as one: the earliest first sight, the latest times. */
    public UserActivity and(UserActivity other) {
        return new UserActivity(customerId, botKey, userId, channel, name != null ? name : other.name,
                Math.min(firstSeenAt, other.firstSeenAt), Math.max(lastActiveAt, other.lastActiveAt),
                later(lastInboundAt, other.lastInboundAt));
    }

    /** The later of two times either of which may be null (never). */
    private static Long later(Long one, Long other) {
        if (one == null) {
            return other;
        }
        // a ternary mixing Long and long unboxes the null: two outbound messages of one user in a poll
        // threw, and the poll was retried for ever (UserEventsTest, 9656cf5's module run)
        return other == null ? one : Long.valueOf(Math.max(one, other));
    }
}
