package io.floatchat.broadcast.service;

import io.floatchat.broadcast.rest.BroadcastsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * One tenant points three accounts at an endpoint that takes 20 s to answer, each at 1,000/s: together
 * they hold one tenant's share of the service's budget of sends in flight, a third each once the sends
 * they started before the others came have ended, and never more than twice the budget; another tenant's
 * broadcast is sent at once meanwhile.
 */
@QuarkusTest
@TestProfile(SharedBudgetTest.SmallBudget.class)
class SharedBudgetTest {

    public static class SmallBudget implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("floatchat.broadcast.sends-in-flight", "300", "floatchat.broadcast.provider-timeout", "25s");
        }
    }

    private static final int BUDGET = 300;
    private static final long HOSTILE_CUSTOMER = 20002;
    private static final long OTHER_CUSTOMER = 30003;
    private static final FarProvider META = new FarProvider();

    @AfterAll
    static void stop() {
        META.close();
    }

    @Test
    void aTenantsSlowAccountsShareOneTenantsPartOfTheBudgetAndAnotherTenantIsSentAtOnce() {
        List<BroadcastsApi> bots = List.of(new BroadcastsApi(HOSTILE_CUSTOMER), new BroadcastsApi(HOSTILE_CUSTOMER),
                new BroadcastsApi(HOSTILE_CUSTOMER));
        List<String> slowPhones = new ArrayList<>();
        for (BroadcastsApi bot : bots) {
            String phone = FarProvider.newPhoneNumberId();
            META.configure(bot, phone, 1_000);
            META.answerAfter(phone, 20_000);
            slowPhones.add(phone);
        }
        BroadcastsApi quick = new BroadcastsApi(OTHER_CUSTOMER);
        META.configure(quick, FarProvider.newPhoneNumberId(), 80);

        List<String> slowBroadcasts = new ArrayList<>();
        slowBroadcasts.add(slow(bots.get(0), 0));
        await().atMost(Duration.ofSeconds(10)).until(() -> META.inFlight(slowPhones.get(0)) >= 250);
        slowBroadcasts.add(slow(bots.get(1), 1));
        slowBroadcasts.add(slow(bots.get(2), 2));
        String id = quick.create(Map.of("name", "quick", "channel", "whatsapp", "channelUserIds", FarProvider.users("91760", 5),
                "message", FarProvider.TEMPLATE)).getString("responseObject.broadcastId");

        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonPath broadcast = quick.get(id);
            assertThat(broadcast.getString("responseObject.status")).isEqualTo("COMPLETED");
            assertThat(broadcast.getLong("responseObject.counts.sent")).isEqualTo(5);
        });
        assertThat(META.answered(slowPhones.get(0))).as("the other tenant waited for none of the slow answers").isZero();

        // once the first wave is answered, the three hold a third each of what the tenant may have
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            List<Integer> held = slowPhones.stream().map(META::inFlight).toList();
            assertThat(held.stream().mapToInt(Integer::intValue).sum()).isBetween(BUDGET / 2, BUDGET + 5);
            assertThat(held.stream().mapToInt(Integer::intValue).max().orElseThrow()
                    - held.stream().mapToInt(Integer::intValue).min().orElseThrow()).isLessThanOrEqualTo(BUDGET / 10);
        });
        assertThat(META.mostAllInFlight()).isLessThanOrEqualTo(2 * BUDGET);
        assertThat(given().get("/q/health").jsonPath().getInt("checks.find { it.name == 'broadcast-dispatch' }.data.sendsInFlight"))
                .isLessThanOrEqualTo(2 * BUDGET);

        for (int i = 0; i < bots.size(); i++) {
            bots.get(i).writer().delete(bots.get(i).path() + "/broadcasts/" + slowBroadcasts.get(i)).then().statusCode(200);
        }
    }

    private static String slow(BroadcastsApi bot, int index) {
        return bot.create(Map.of("name", "slow-" + index, "channel", "whatsapp", "channelUserIds",
                FarProvider.users("9174" + index, 600), "message", FarProvider.TEMPLATE)).getString("responseObject.broadcastId");
    }
}
