package io.floatchat.broadcast.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PacerTest {

    private static final long MILLI = 1_000_000L;

    @Test
    void sendsAreSpacedEvenlyAtTheRate() {
        Pacer pacer = new Pacer();
        long now = 1_000 * MILLI;

        assertThat(pacer.reserve("a", 100, now)).isZero();
        assertThat(pacer.reserve("a", 100, now)).isEqualTo(10 * MILLI);
        assertThat(pacer.reserve("a", 100, now)).isEqualTo(20 * MILLI);
        assertThat(pacer.reserve("b", 100, now)).as("each account has its own pace").isZero();
    }

    @Test
    void aStalledSenderCatchesUpWithoutMoreThanTheRateInAnySecond() {
        Pacer pacer = new Pacer();
        long start = 1_000 * MILLI;
        // 5 sends at 10/s, then the sender stalls for 600 ms and 20 sends are due at once
        for (int i = 0; i < 5; i++) {
            assertThat(pacer.admit("a", 10, start + i * 100 * MILLI)).isZero();
        }
        long late = start + 1_000 * MILLI;
        int admitted = 0;
        while (pacer.admit("a", 10, late) == 0) {
            admitted++;
        }
        assertThat(admitted).as("the window still holds the 5 earlier sends").isEqualTo(5);
        long wait = pacer.admit("a", 10, late);
        assertThat(late + wait).as("the next goes when the oldest send leaves the window")
                .isEqualTo(start + Pacer.WINDOW_NANOS);
        assertThat(pacer.admit("a", 10, late + wait)).isZero();
    }

    @Test
    void aChangedRateAppliesToTheNextSend() {
        Pacer pacer = new Pacer();
        long now = 1_000 * MILLI;
        assertThat(pacer.admit("a", 1, now)).isZero();
        assertThat(pacer.admit("a", 1, now + MILLI)).isPositive();
        assertThat(pacer.admit("a", 2, now + 2 * MILLI)).as("a new window at the new rate").isZero();
    }

    @Test
    void aVeryFastAccountKeepsItsRateOverAShorterWindowWithBoundedMemory() {
        Pacer pacer = new Pacer();
        int rate = 10 * Pacer.MAX_TRACKED_SENDS;
        long now = 1_000 * MILLI;
        for (int i = 0; i < Pacer.MAX_TRACKED_SENDS; i++) {
            assertThat(pacer.admit("sandbox", rate, now)).isZero();
        }
        assertThat(pacer.admit("sandbox", rate, now)).as("a tenth of the rate in a tenth of the window")
                .isEqualTo(Pacer.WINDOW_NANOS / 10);
    }
}
