package io.floatchat.broadcast.service;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BroadcastViewTest {

    @Test
    void recipientsBeingSentAreCountedAsPending() {
        BroadcastView.Counts counts = BroadcastView.Counts.of(10, Map.of("PENDING", 3L, "SENDING", 2L, "SENT", 4L,
                "SKIPPED_OUTSIDE_WINDOW", 1L));
        assertThat(counts).isEqualTo(new BroadcastView.Counts(10, 5, 4, 0, 0, 0, 1, 0));
    }
}
