package io.floatchat.broadcast.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SendingLeaseCheckTest {

    @Test
    void theLongestSendIsEveryAttemptToItsDeadlineAndEveryBackoffAtItsLongest() {
        // 5 attempts of 15 s; backoff 1, 2, 4, 8 s, each up to half again with jitter: 22.5 s
        assertThat(RecipientSender.longestSend(Duration.ofSeconds(15), 5, Duration.ofSeconds(1)))
                .isEqualTo(Duration.ofMillis(97_500));
    }

    @Test
    void theEngineRefusesToStartWithALeaseALiveSendCouldOutlast() {
        Duration longest = RecipientSender.longestSend(Duration.ofSeconds(15), 5, Duration.ofSeconds(1));
        assertThatThrownBy(() -> SendingEngine.requireLeaseOutlastingSends(Duration.ofSeconds(90), longest))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("floatchat.broadcast.sending-lease (PT1M30S) must be longer than the longest send")
                .hasMessageContaining("= PT1M37.5S");
        assertThatCode(() -> SendingEngine.requireLeaseOutlastingSends(Duration.ofMinutes(5), longest))
                .as("the defaults").doesNotThrowAnyException();
    }
}
