package io.floatchat.broadcast;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RecipientStatusTest {

    @Test
    void aRecipientBeingSentIsShownCountedAndFilteredAsPending() {
        assertThat(RecipientStatus.SENDING.shown()).isEqualTo(RecipientStatus.PENDING);
        assertThat(RecipientStatus.PENDING.stored()).containsExactly("PENDING", "SENDING");
        assertThat(RecipientStatus.DELIVERED.shown()).isEqualTo(RecipientStatus.DELIVERED);
        assertThat(RecipientStatus.DELIVERED.stored()).containsExactly("DELIVERED");
    }

    @Test
    void theFilterNamesEveryStatusButTheInternalOne() {
        assertThat(RecipientStatus.SHOWN).containsExactly("CANCELLED", "DELIVERED", "FAILED", "PENDING", "READ", "SENT",
                "SKIPPED_OUTSIDE_WINDOW");
        assertThat(RecipientStatus.shownAs("READ")).isEqualTo(RecipientStatus.READ);
        assertThat(RecipientStatus.shownAs("SENDING")).isNull();
        assertThat(RecipientStatus.shownAs("read")).isNull();
    }
}
