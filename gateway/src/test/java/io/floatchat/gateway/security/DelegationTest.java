package io.floatchat.gateway.security;

import io.floatchat.gateway.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** A keys:manage key can only hand out less than it has — the delegation matrix, as a tenant would try it. */
@QuarkusTest
class DelegationTest {

    private long customerId;
    private String botA;
    private String botB;
    private String keys;

    @BeforeEach
    void tenant() {
        customerId = Tenants.customer("Delegating");
        botA = Tenants.bot(customerId, "a");
        botB = Tenants.bot(customerId, "b");
        keys = "/bot-api/v1.0/customer/" + customerId + "/api-keys";
    }

    @Test
    void aManagerLimitedToOneBotCannotMintAKeyWithEveryScopeOnEveryBot() {
        String manager = Tenants.apiKey(customerId, Map.of("name", "m", "scopes", List.of("keys:manage"), "botKeys", List.of(botA)));
        as(manager).body(Map.of("name", "everything", "scopes", List.of("users:read", "users:write", "conversations:read",
                        "conversations:write", "broadcasts:read", "broadcasts:write", "channels:write", "flows:read",
                        "flows:write", "flows:trigger", "keys:manage")))
                .post(keys).then().statusCode(403)
                .body("status.code", is(403)).body("status.desc", is("FORBIDDEN"))
                .body("status.details", containsString("users:read"));
        as(manager).body(Map.of("name", "all-bots", "scopes", List.of("keys:manage"), "botKeys", List.of(botA, botB)))
                .post(keys).then().statusCode(403).body("status.code", is(403));
        as(manager).body(Map.of("name", "other-bot", "scopes", List.of("keys:manage"), "botKeys", List.of(botB)))
                .post(keys).then().statusCode(403);
        assertThat(Tenants.admin().get("/admin/v1/customers/" + customerId + "/api-keys").then().extract().jsonPath()
                .getList("responseObject.apiKeys")).hasSize(1);
    }

    @Test
    void whatTheRequestLeavesOutComesFromTheManagerNotFromTheDefaults() {
        String manager = Tenants.apiKey(customerId, Map.of("name", "m", "scopes", List.of("keys:manage", "users:read",
                "broadcasts:read"), "botKeys", List.of(botA), "expiresAt", System.currentTimeMillis() + 3_600_000L));
        long managerExpiry = Tenants.admin().get("/admin/v1/customers/" + customerId + "/api-keys").then().extract()
                .jsonPath().getLong("responseObject.apiKeys[0].expiresAt");
        JsonPath created = as(manager).body(Map.of("name", "defaults")).post(keys).then().statusCode(201).extract().jsonPath();
        assertThat(created.getList("responseObject.scopes")).containsExactlyInAnyOrder("users:read", "broadcasts:read");
        assertThat(created.getList("responseObject.botKeys")).containsExactly(botA);
        assertThat(created.getLong("responseObject.expiresAt")).isEqualTo(managerExpiry);

        as(manager).body(Map.of("name", "outlives", "scopes", List.of("users:read"),
                "expiresAt", System.currentTimeMillis() + 7_200_000L)).post(keys).then().statusCode(403);
        as(manager).body(Map.of("name", "narrower", "scopes", List.of("users:read"), "botKeys", List.of(botA),
                "expiresAt", System.currentTimeMillis() + 60_000L)).post(keys).then().statusCode(201);
    }

    @Test
    void aManagerCannotHandOutAFasterRateLimitThanItsOwn() {
        String slow = Tenants.apiKey(customerId, Map.of("name", "slow", "scopes", List.of("keys:manage", "users:read"),
                "rateLimitPerSecond", 5));
        as(slow).body(Map.of("name", "fast", "scopes", List.of("users:read"), "rateLimitPerSecond", 10_000))
                .post(keys).then().statusCode(403).body("status.details", containsString("rate limit"));
        JsonPath inherited = as(slow).body(Map.of("name", "inherits", "scopes", List.of("users:read"))).post(keys)
                .then().statusCode(201).extract().jsonPath();
        assertThat(inherited.getInt("responseObject.rateLimitPerSecond")).isEqualTo(5);
        String defaultManager = Tenants.apiKey(customerId, Map.of("name", "default-rate", "scopes", List.of("keys:manage")));
        as(defaultManager).body(Map.of("name", "faster-than-default", "scopes", List.of("keys:manage"),
                "rateLimitPerSecond", 51)).post(keys).then().statusCode(403);
        as(defaultManager).body(Map.of("name", "slower", "scopes", List.of("keys:manage"), "rateLimitPerSecond", 10))
                .post(keys).then().statusCode(201);
        // a key with the default limit is wider than one limited to 5: the slow manager may not revoke it
        as(slow).delete(keys + "/" + Tenants.admin().get("/admin/v1/customers/" + customerId + "/api-keys").then().extract()
                .jsonPath().getString("responseObject.apiKeys.find { it.name == 'default-rate' }.keyId")).then().statusCode(403);
    }

    @Test
    void aManagerCannotRegenerateOrRevokeAWiderKeyButMayANarrowerOne() {
        String manager = Tenants.apiKey(customerId, Map.of("name", "m", "scopes", List.of("keys:manage", "users:read"),
                "botKeys", List.of(botA)));
        Map<String, Object> wide = Tenants.key(customerId, Map.of("name", "wide"));
        Map<String, Object> narrow = Tenants.key(customerId, Map.of("name", "narrow", "scopes", List.of("users:read"),
                "botKeys", List.of(botA)));
        Map<String, Object> sameScopesAllBots = Tenants.key(customerId, Map.of("name", "all-bots", "scopes", List.of("users:read")));

        as(manager).body(Map.of()).post(keys + "/" + wide.get("keyId") + "/regenerate").then().statusCode(403)
                .body("status.code", is(403));
        as(manager).delete(keys + "/" + wide.get("keyId")).then().statusCode(403);
        as(manager).delete(keys + "/" + sameScopesAllBots.get("keyId")).then().statusCode(403);
        given().header("Authorization", "Basic " + wide.get("apiKey"))
                .get("/bot-api/v1.0/customer/" + customerId + "/bot/" + botA + "/users?attribute_name=a&attribute_value=b")
                .then().statusCode(org.hamcrest.Matchers.not(401));

        as(manager).body(Map.of()).post(keys + "/" + narrow.get("keyId") + "/regenerate").then().statusCode(200)
                .body("responseObject.apiKey", org.hamcrest.Matchers.notNullValue());
        as(manager).delete(keys + "/" + narrow.get("keyId")).then().statusCode(200).body("responseObject.status", is("REVOKED"));
    }

    @Test
    void aManagerOfEveryBotAndScopeMayHandOutAnything() {
        String manager = Tenants.apiKey(customerId, Map.of("name", "m", "scopes", List.of("keys:manage", "users:read",
                "users:write", "conversations:read", "conversations:write", "broadcasts:read", "broadcasts:write",
                "channels:write", "flows:read", "flows:write", "flows:trigger")));
        JsonPath created = as(manager).body(Map.of("name", "all")).post(keys).then().statusCode(201).extract().jsonPath();
        assertThat(created.getList("responseObject.scopes")).hasSize(10).doesNotContain("keys:manage");
        assertThat(created.getList("responseObject.botKeys")).isNull();
        as(manager).body(Map.of("name", "another-manager", "scopes", List.of("keys:manage"))).post(keys).then().statusCode(201);
    }

    private static RequestSpecification as(String apiKey) {
        return given().header("Authorization", "Basic " + apiKey).contentType("application/json");
    }
}
