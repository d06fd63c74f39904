package io.floatchat.trigger.service;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunLeaseCheckTest {

    @Test
    void theExecutorRefusesToStartWithALeaseALiveStepCouldOutlast() {
        // 3 attempts of 5 s and up to 2 x 4 s of backoff: a step takes at most 23 s
        assertThatThrownBy(() -> RunPoller.requireLeaseOutlastingSteps(Duration.ofSeconds(46), Duration.ofSeconds(5)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("floatchat.flows.run-lease (PT46S) must be longer than twice the longest step")
                .hasMessageContaining("= PT23S");
        assertThatCode(() -> RunPoller.requireLeaseOutlastingSteps(Duration.ofSeconds(47), Duration.ofSeconds(5)))
                .doesNotThrowAnyException();
        assertThatCode(() -> RunPoller.requireLeaseOutlastingSteps(Duration.ofMinutes(2), Duration.ofSeconds(5)))
                .as("the defaults").doesNotThrowAnyException();
    }
}
