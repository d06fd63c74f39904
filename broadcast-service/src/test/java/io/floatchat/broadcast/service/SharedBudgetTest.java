package io.floatchat.broadcast.service;

import io.floatchat.broadcast.rest.BroadcastsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One tenant points three accounts at an endpoint that takes 8 s to answer, each at 1,000/s: what
 * they hold together is the service's budget of sends in flight, shared evenly once the sends they
 * started before the others came have ended — never twice the budget — and another tenant's
 * broadcast is sent at once meanwhile.
 */
@QuarkusTest
@TestProfile(SharedBudgetTest.SmallBudget.class)
class SharedBudgetTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("floatchat.broadcast.sends-in-flight", "300", "floatchat.broadcast.provider-timeout", "10s");
        }
    }

    private static final int BUDGET = 300;
    private static final FarProvider META = new FarProvider();
    private static final AtomicLong PHONE_NUMBER_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 8_000_000_000L);
    private static final Map<String, Object> TEMPLATE = Map.of("type", "template", "template",
            Map.of("name", "order_update", "language", Map.of("code", "en_US")));

    @AfterAll
    static void stop() {
        META.close();
    }

    @Test
    void aTenantsSlowAccountsShareTheServicesBudgetAndAnotherTenantIsSentAtOnce() {
        BroadcastsApi hostile = new BroadcastsApi();
        List<String> slowPhones = List.of(phone(), phone(), phone());
        BroadcastsApi[] bots = {hostile, new BroadcastsApi(), new BroadcastsApi()};
        for (int i = 0; i < slowPhones.size(); i++) {
            META.configure(bots[i], slowPhones.get(i), 1_000);
            META.answerAfter(slowPhones.get(i), 8_000);
        }
        BroadcastsApi quick = new BroadcastsApi();
        String quickPhone = phone();
        META.configure(quick, quickPhone, 80);

        bots[0].create(Map.of("name", "slow-1", "channel", "whatsapp", "channelUserIds", FarProvider.users("91740", 600),
                "message", TEMPLATE));
        await().atMost(Duration.ofSeconds(6)).until(() -> META.inFlight(slowPhones.get(0)) >= 250);
        for (int i = 1; i < slowPhones.size(); i++) {
            bots[i].create(Map.of("name", "slow-" + (i + 1), "channel", "whatsapp", "channelUserIds",
                    FarProvider.users("9175" + i, 600), "message", TEMPLATE));
        }
        String id = quick.create(Map.of("name", "quick", "channel", "whatsapp", "channelUserIds", FarProvider.users("91760", 5),
                "message", TEMPLATE)).getString("responseObject.broadcastId");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath broadcast = quick.get(id);
            assertThat(broadcast.getString("responseObject.status")).isEqualTo("COMPLETED");
            assertThat(broadcast.getLong("responseObject.counts.sent")).isEqualTo(5);
        });
        assertThat(META.answered(slowPhones.get(0))).as("the quick tenant waited for none of the slow answers").isZero();

        // once the first wave is answered, each slow account holds about a third of the budget
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> assertThat(slowPhones).allSatisfy(phone ->
                assertThat(META.inFlight(phone)).isBetween(BUDGET / 3 - 20, BUDGET / 3 + 5)));
        assertThat(META.mostAllInFlight()).isLessThanOrEqualTo(2 * BUDGET);
        assertThat(given().get("/q/health").jsonPath().getInt("checks.find { it.name == 'broadcast-dispatch' }.data.sendsInFlight"))
                .isLessThanOrEqualTo(2 * BUDGET);
    }

    private static String phone() {
        return Long.toString(PHONE_NUMBER_IDS.incrementAndGet());
    }
}
