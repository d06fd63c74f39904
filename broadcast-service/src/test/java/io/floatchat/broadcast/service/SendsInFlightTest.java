package io.floatchat.broadcast.service;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendsInFlightTest {

    private static final long MILLIS = 1_000_000L;

    @Test
    void anAccountWantsItsRatesWorthOverItsProvidersAnswerTimeAndAQuarterSecond() {
        assertThat(SendsInFlight.want(1_000, 200 * MILLIS, 1_000)).isEqualTo(450);
        assertThat(SendsInFlight.want(1_000, 5 * MILLIS, 1_000)).isEqualTo(255);
        assertThat(SendsInFlight.want(80, 0, 1_000)).isEqualTo(20);
    }

    @Test
    void anAccountNeverWantsMoreThanItsRateOrTheMostNorLessThanOne() {
        // the pacer lets no more than the rate be unanswered, however slow the answers
        assertThat(SendsInFlight.want(200, 15_000 * MILLIS, 1_000)).isEqualTo(200);
        assertThat(SendsInFlight.want(10_000_000, 15_000 * MILLIS, 1_000)).isEqualTo(1_000);
        assertThat(SendsInFlight.want(1, 0, 1_000)).isEqualTo(1);
        assertThat(SendsInFlight.want(0, 0, 1_000)).isEqualTo(1);
    }

    @Test
    void beforeItsFirstAnswerAnAccountWantsItsRateUpToTheMost() {
        assertThat(SendsInFlight.want(80, -1, 1_000)).isEqualTo(80);
        assertThat(SendsInFlight.want(1_000, -1, 500)).isEqualTo(500);
    }

    @Test
    void accountsWantingLessThanAnEvenShareHaveAllTheyWantAndTheOthersShareTheRestEvenly() {
        // two healthy accounts and three slow ones of one tenant, a budget of 1,000
        assertThat(SendsInFlight.share(new int[]{1_000, 100, 1_000, 150, 1_000}, 1_000)).containsExactly(250, 100, 250, 150, 250);
        // one wanting a little more than an even share has the even share
        assertThat(SendsInFlight.share(new int[]{1_000, 100, 1_000, 250, 1_000}, 1_000)).containsExactly(225, 100, 225, 225, 225);
    }

    @Test
    void everyAccountHasAtLeastOneEvenWhenThereAreMoreAccountsThanTheBudget() {
        assertThat(SendsInFlight.share(new int[]{5, 5, 5}, 2)).containsExactly(1, 1, 1);
        assertThat(SendsInFlight.share(new int[]{}, 10)).isEmpty();
    }

    @Test
    void whatEveryoneWantsIsGivenWhenItFits() {
        assertThat(SendsInFlight.share(new int[]{450, 255, 20}, 4_000)).containsExactly(450, 255, 20);
    }

    @Test
    void aTenantWithManyAccountsHasOneTenantsShareSharedBetweenThem() {
        // tenant 7: three slow accounts wanting all they may; tenant 8: one account
        int[] shares = SendsInFlight.shareByTenant(new int[]{1_000, 1_000, 1_000, 1_000}, new long[]{7, 7, 7, 8}, 1_200);

        assertThat(shares).containsExactly(200, 200, 200, 600);
    }

    @Test
    void aTenantWantingLittleLeavesTheRestToTheOthers() {
        int[] shares = SendsInFlight.shareByTenant(new int[]{1_000, 1_000, 50}, new long[]{7, 7, 8}, 1_000);

        assertThat(shares).containsExactly(475, 475, 50);
    }
}
