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
    void aSenderThatFellBehindTakesTheSlotsOfTheLast100MillisecondsAtOnce() {
        Pacer pacer = new Pacer();
        long start = 1_000 * MILLI;
        assertThat(pacer.reserve("a", 100, start)).isZero();
        long late = start + 500 * MILLI;
        int atOnce = 0;
        long wait;
        while ((wait = pacer.reserve("a", 100, late)) == 0) {
            atOnce++;
        }
        assertThat(atOnce).as("100 ms of slots at 100/s, and the one due now").isEqualTo(11);
        assertThat(wait).as("then evenly spaced again").isEqualTo(10 * MILLI);
        assertThat(pacer.reserve("a", 100, late)).isEqualTo(20 * MILLI);
    }

    @Test
    void aStalledSenderCatchesUpWithoutMoreThanTheRateInAnySecond() {
        Pacer pacer = new Pacer();
        long start = 1_000 * MILLI;
        // 5 sends at 10/s, each answered 1 ms later; then the sender stalls and 20 sends are due at once
        for (int i = 0; i < 5; i++) {
            assertThat(pacer.admit("a", 10, start + i * 100 * MILLI)).isZero();
            pacer.answered("a", start + i * 100 * MILLI, start + i * 100 * MILLI + MILLI);
        }
        long late = start + 1_000 * MILLI;
        int admitted = 0;
        while (pacer.admit("a", 10, late) == 0) {
            admitted++;
        }
        assertThat(admitted).as("the window still holds the 5 earlier sends").isEqualTo(5);
        long wait = pacer.admit("a", 10, late);
        assertThat(late + wait).as("the next goes when the oldest answer is a window old")
                .isEqualTo(start + MILLI + Pacer.WINDOW_NANOS);
        assertThat(pacer.admit("a", 10, late + wait)).isZero();
    }

    @Test
    void aSendCountsUntilAWindowAfterItsAnswerHoweverLateTheAnswer() {
        Pacer pacer = new Pacer();
        long start = 1_000 * MILLI;
        assertThat(pacer.admit("a", 2, start)).isZero();
        assertThat(pacer.admit("a", 2, start)).isZero();
        assertThat(pacer.admit("a", 2, start + 2_000 * MILLI))
                .as("both unanswered after two seconds: either may still reach the provider now")
                .isEqualTo(Pacer.UNANSWERED_WAIT_NANOS);
        long answer = start + 2_000 * MILLI;
        pacer.answered("a", answer, answer);
        assertThat(pacer.admit("a", 2, answer + 500 * MILLI)).as("answered half a second ago")
                .isEqualTo(500 * MILLI);
        assertThat(pacer.admit("a", 2, answer + Pacer.WINDOW_NANOS)).isZero();
        assertThat(pacer.admit("a", 2, answer + Pacer.WINDOW_NANOS)).as("the other is still unanswered")
                .isEqualTo(Pacer.UNANSWERED_WAIT_NANOS);
    }

    @Test
    void anAnswerWithoutAnAdmittedSendChangesNothingForOtherAccounts() {
        Pacer pacer = new Pacer();
        pacer.answered("unknown", 0, 1_000 * MILLI);
        assertThat(pacer.admit("a", 1, 1_000 * MILLI)).isZero();
    }

    @Test
    void aChangedRateAppliesToTheNextSendAndKeepsWhatTheProviderMayStillSee() {
        Pacer pacer = new Pacer();
        long now = 1_000 * MILLI;
        assertThat(pacer.admit("a", 1, now)).isZero();
        assertThat(pacer.admit("a", 1, now + MILLI)).isPositive();
        assertThat(pacer.admit("a", 2, now + 2 * MILLI)).as("room for one more at the new rate").isZero();
        assertThat(pacer.admit("a", 2, now + 3 * MILLI)).as("the first send still counts").isPositive();
    }

    @Test
    void aVeryFastAccountKeepsItsRateOverAShorterWindowWithBoundedMemory() {
        Pacer pacer = new Pacer();
        int rate = 10 * Pacer.MAX_TRACKED_SENDS;
        long now = 1_000 * MILLI;
        for (int i = 0; i < Pacer.MAX_TRACKED_SENDS; i++) {
            assertThat(pacer.admit("sandbox", rate, now)).isZero();
            pacer.answered("sandbox", now, now);
        }
        assertThat(pacer.admit("sandbox", rate, now)).as("a tenth of the rate in a tenth of the window")
                .isEqualTo(Pacer.WINDOW_NANOS / 10);
    }
}
