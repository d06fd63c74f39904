package io.floatchat.e2e;

import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import io.floatchat.local.PlatformService;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** The gateway in front of the real services, as a client and an operator meet it. */
class GatewayE2ETest {

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.shared();
    }

    @Test
    void theDemoKeyIsRoutedToTheOwningService() throws Exception {
        DemoTenant demo = platform.demoTenant();
        given().baseUri(platform.gatewayUrl())
                .header("Authorization", "Basic " + demo.apiKey()).header("X-Request-Id", "e2e-routing-1")
                .get("/bot-api/v1.0/customer/" + demo.customerId() + "/bot/" + demo.botKey() + "/channel-user/9199/conversations")
                .then().header("X-Request-Id", "e2e-routing-1").header("RateLimit-Limit", "100");
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(Files.readString(platform.log(PlatformService.CONVERSATIONS))).contains("e2e-routing-1"));
        assertThat(Files.readString(platform.log(PlatformService.USERS))).doesNotContain("e2e-routing-1");
    }

    @Test
    void aServiceCalledWithoutTheGatewayServesNoTenantData() {
        DemoTenant demo = platform.demoTenant();
        String path = "/bot-api/v1.0/customer/" + demo.customerId() + "/bot/" + demo.botKey()
                + "/users?attribute_name=plan&attribute_value=gold";
        given().baseUri(platform.serviceUrl(PlatformService.USERS)).header("Authorization", "Basic " + demo.apiKey())
                .get(path).then().statusCode(401).body("status.code", is(401));
        given().baseUri(platform.gatewayUrl()).header("Authorization", "Basic " + demo.apiKey())
                .get(path).then().statusCode(200).body("status.code", is(1000));
    }

    @Test
    void aKeyRevokedThroughOneGatewayIsRejectedByAnotherWithinASecond() {
        String second = platform.startReplica(PlatformService.GATEWAY);
        long customerId = admin(platform.gatewayUrl()).body(Map.of("name", "Two gateways"))
                .post("/admin/v1/customers").then().statusCode(201).extract().jsonPath().getLong("responseObject.customerId");
        String firstBot = bot(customerId, "first");
        Map<String, Object> key = admin(platform.gatewayUrl()).body(Map.of("name", "shared"))
                .post("/admin/v1/customers/" + customerId + "/api-keys")
                .then().statusCode(201).extract().jsonPath().getMap("responseObject");
        String apiKey = (String) key.get("apiKey");
        assertThat(statusAt(second, apiKey, customerId, firstBot)).isEqualTo(200);

        // the second gateway's event consumer is live: a bot added through the first becomes
        // visible to the key cached in the second long before the cache's 30 s safety net
        String newBot = bot(customerId, "added later");
        await().atMost(Duration.ofSeconds(15)).until(() -> statusAt(second, apiKey, customerId, newBot) == 200);

        admin(platform.gatewayUrl()).delete("/admin/v1/customers/" + customerId + "/api-keys/" + key.get("keyId"))
                .then().statusCode(200).body("responseObject.status", is("REVOKED"));
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(25))
                .until(() -> statusAt(second, apiKey, customerId, firstBot) == 401);
    }

    private static String bot(long customerId, String name) {
        return admin(platform.gatewayUrl()).body(Map.of("name", name)).post("/admin/v1/customers/" + customerId + "/bots")
                .then().statusCode(201).extract().jsonPath().getString("responseObject.botKey");
    }

    private static int statusAt(String gateway, String apiKey, long customerId, String botKey) {
        return given().baseUri(gateway).header("Authorization", "Basic " + apiKey)
                .queryParam("attribute_name", "plan").queryParam("attribute_value", "gold")
                .get("/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users").statusCode();
    }

    private static RequestSpecification admin(String gateway) {
        return given().baseUri(gateway).header("Authorization", "Bearer " + E2EPlatform.ADMIN_TOKEN)
                .contentType(ContentType.JSON);
    }
}
