package io.floatchat.gateway.observability;

import io.floatchat.gateway.Tenants;
import io.floatchat.testing.PrometheusMetrics;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The Prometheus metrics an operator of the gateway watches. */
@QuarkusTest
class GatewayMetricsTest {

    private static final String USERS_ROUTE = "/bot-api/v1.0/customer/{customerId}/bot/{botKey}/users";

    @Test
    void requestsAreCountedByRoutePatternAndStatusNeverByRawPath() {
        long customerId = Tenants.customer("Metrics Co");
        String botKey = Tenants.bot(customerId, "bot");
        String key = Tenants.apiKey(customerId, Map.of("name", "metrics"));
        String path = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users";
        double before = usersRequests("200");

        given().header("Authorization", Tenants.basic(key)).get(path).then().statusCode(200);
        given().header("Authorization", Tenants.basic(key)).get(path).then().statusCode(200);

        // recorded when the response has ended, which can be just after the client has it
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(usersRequests("200")).isEqualTo(before + 2));
        assertThat(PrometheusMetrics.scrape()).doesNotContain("customer/" + customerId);
    }

    @Test
    void rateLimitRejectionsAreCounted() {
        long customerId = Tenants.customer("Limited Co");
        String botKey = Tenants.bot(customerId, "bot");
        String key = Tenants.apiKey(customerId, Map.of("name", "slow", "rateLimitPerSecond", 1));
        String path = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users";
        double before = PrometheusMetrics.value("floatchat_gateway_rate_limited_total", "caller", "key");

        int refused = 0;
        for (int i = 0; i < 5; i++) {
            if (given().header("Authorization", Tenants.basic(key)).get(path).statusCode() == 429) {
                refused++;
            }
        }

        assertThat(refused).isPositive();
        assertThat(PrometheusMetrics.value("floatchat_gateway_rate_limited_total", "caller", "key"))
                .isEqualTo(before + refused);
    }

    private static double usersRequests(String status) {
        return PrometheusMetrics.value("http_server_requests_seconds_count", "uri", USERS_ROUTE, "status", status);
    }
}
