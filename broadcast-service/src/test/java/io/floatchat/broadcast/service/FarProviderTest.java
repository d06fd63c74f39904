package io.floatchat.broadcast.service;

import io.floatchat.broadcast.rest.BroadcastsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A provider far away, as Meta is from most of the world: its answers take a while, and every tenant's
 * account calls the same host. An account still has its rate's worth of sends in flight (not a shared
 * pool's 50), and an account whose answers are slow holds only its own connections to that host.
 */
@QuarkusTest
@TestProfile(FarProviderTest.LongDeadline.class)
class FarProviderTest {

    /** Answers of 8 s must be waited for, not timed out. */
    public static class LongDeadline implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("floatchat.broadcast.provider-timeout", "10s");
        }
    }

    private static final FarProvider META = new FarProvider();

    @AfterAll
    static void stop() {
        META.close();
    }

    @Test
    void anAccountWhoseProviderAnswersInASecondAndAHalfHasItsRatesWorthOfSendsInFlight() {
        BroadcastsApi tenant = new BroadcastsApi();
        String phone = FarProvider.newPhoneNumberId();
        META.configure(tenant, phone, 150);
        META.answerAfter(phone, 1_500);

        String id = tenant.create(Map.of("name", "far", "channel", "whatsapp", "channelUserIds", FarProvider.users("91710", 300),
                "message", FarProvider.TEMPLATE)).getString("responseObject.broadcastId");

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(tenant.get(id)
                .getString("responseObject.status")).isEqualTo("COMPLETED"));
        assertThat(tenant.get(id).getLong("responseObject.counts.sent")).isEqualTo(300);
        // the pacer lets at most the rate be unanswered; a pool of 50 connections let no more than 50
        assertThat(META.mostInFlight(phone)).isBetween(100, 150);
    }

    @Test
    void anAccountWhoseAnswersAreSlowHoldsOnlyItsOwnConnectionsToAProviderOtherTenantsShare() {
        BroadcastsApi slow = new BroadcastsApi();
        String slowPhone = FarProvider.newPhoneNumberId();
        META.configure(slow, slowPhone, 200);
        META.answerAfter(slowPhone, 8_000);
        BroadcastsApi quick = new BroadcastsApi();
        String quickPhone = FarProvider.newPhoneNumberId();
        META.configure(quick, quickPhone, 80);

        slow.create(Map.of("name", "slow", "channel", "whatsapp", "channelUserIds", FarProvider.users("91720", 200),
                "message", FarProvider.TEMPLATE));
        // more of the slow account's sends wait for answers than one shared pool had connections
        await().atMost(Duration.ofSeconds(6)).until(() -> META.inFlight(slowPhone) >= 60);
        String id = quick.create(Map.of("name", "quick", "channel", "whatsapp", "channelUserIds", FarProvider.users("91730", 5),
                "message", FarProvider.TEMPLATE)).getString("responseObject.broadcastId");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath broadcast = quick.get(id);
            assertThat(broadcast.getString("responseObject.status")).isEqualTo("COMPLETED");
            assertThat(broadcast.getLong("responseObject.counts.sent")).isEqualTo(5);
        });
        assertThat(META.answered(slowPhone)).as("the quick tenant was not waiting for the slow one's answers").isZero();
    }

}
