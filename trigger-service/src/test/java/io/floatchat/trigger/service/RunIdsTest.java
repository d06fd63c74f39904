package io.floatchat.trigger.service;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class RunIdsTest {

    @Test
    void anIdIsRunAnd32HexDigits() {
        assertThat(RunIds.next(System.currentTimeMillis())).matches("run_[0-9a-f]{32}");
        assertThat(RunIds.next(0)).matches("run_000000000000[0-9a-f]{20}");
    }

    @Test
    void laterRunsSortAfterEarlierOnes() {
        long now = 1_795_000_000_000L;
        assertThat(RunIds.next(now + 1)).isGreaterThan(RunIds.next(now));
        assertThat(RunIds.next(now + 1_000)).isGreaterThan(RunIds.next(now + 999));
    }

    @Test
    void runsOfTheSameMillisecondGetDifferentIds() {
        Set<String> ids = new HashSet<>();
        IntStream.range(0, 10_000).forEach(i -> ids.add(RunIds.next(1_795_000_000_000L)));
        assertThat(ids).hasSize(10_000);
    }
}
