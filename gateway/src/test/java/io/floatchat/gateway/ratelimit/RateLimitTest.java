package io.floatchat.gateway.ratelimit;

import io.floatchat.gateway.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
class RateLimitTest {

    @Test
    void aKeyOverItsLimitGets429WithRetryAfter() {
        long customerId = Tenants.customer("Busy");
        String botKey = Tenants.bot(customerId, "bot");
        String key = Tenants.apiKey(customerId, Map.of("name", "slow", "rateLimitPerSecond", 1));
        String path = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users";

        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            responses.add(given().header("Authorization", Tenants.basic(key)).get(path));
        }
        assertThat(responses).extracting(Response::statusCode).startsWith(200, 200).contains(429);
        Response first = responses.get(0);
        assertThat(first.header("RateLimit-Limit")).isEqualTo("2");
        assertThat(first.header("RateLimit-Remaining")).isEqualTo("1");
        assertThat(first.header("RateLimit-Reset")).isNotNull();

        Response limited = responses.stream().filter(response -> response.statusCode() == 429).findFirst().orElseThrow();
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.header("RateLimit-Remaining")).isEqualTo("0");
        assertThat(limited.jsonPath().getInt("status.code")).isEqualTo(429);
        assertThat(limited.jsonPath().getString("status.desc")).isEqualTo("RATE_LIMITED");
    }

    @Test
    void requestsWithoutAValidKeyCarryTheAnonymousLimit() {
        Response response = given().get("/bot-api/v1.0/customer/1/bot/b/users");
        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.header("RateLimit-Limit")).isEqualTo("40");
    }
}
