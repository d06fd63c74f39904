package io.floatchat.users;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserActivityTest {

    private static UserActivity seen(String name, long at, Long inboundAt) {
        return new UserActivity(10001, "bot", "9190001", "whatsapp", name, at, at, inboundAt);
    }

    @Test
    void twoMessagesOfAUserAreTheEarliestFirstSightAndTheLatestTimes() {
        UserActivity both = seen(null, 2_000, 2_000L).and(seen("Ravi", 1_000, null));
        assertThat(both).isEqualTo(new UserActivity(10001, "bot", "9190001", "whatsapp", "Ravi", 1_000, 2_000, 2_000L));
        assertThat(seen(null, 1_000, 1_000L).and(seen(null, 3_000, 3_000L)).lastInboundAt()).isEqualTo(3_000L);
        assertThat(seen(null, 1_000, null).and(seen(null, 3_000, 3_000L)).lastInboundAt()).isEqualTo(3_000L);
    }

    @Test
    void twoOutboundMessagesLeaveTheUserNeverHeardFrom() {
        assertThat(seen(null, 1_000, null).and(seen(null, 2_000, null)).lastInboundAt()).isNull();
    }
}
