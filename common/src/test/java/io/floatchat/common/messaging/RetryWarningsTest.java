package io.floatchat.common.messaging;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryWarningsTest {

    @Test
    void aThousandRecordsRetryingInOneSecondMakeOneLineAndTheNextLineCountsTheRest() {
        RetryWarnings warnings = new RetryWarnings();
        long start = 5_000_000_000L;

        assertThat(warnings.retried("floatchat.messages.v1", start)).isEqualTo(1);
        for (int i = 1; i < 1_000; i++) {
            assertThat(warnings.retried("floatchat.messages.v1", start + i * 900_000L)).isEqualTo(-1);
        }
        assertThat(warnings.retried("floatchat.messages.v1", start + RetryWarnings.EVERY_NANOS)).isEqualTo(1_000);
    }

    @Test
    void eachTopicHasItsOwnLine() {
        RetryWarnings warnings = new RetryWarnings();

        assertThat(warnings.retried("floatchat.messages.v1", 0)).isEqualTo(1);
        assertThat(warnings.retried("floatchat.trigger-events.v1", 1)).isEqualTo(1);
        assertThat(warnings.retried("floatchat.messages.v1", 2)).isEqualTo(-1);
    }
}
