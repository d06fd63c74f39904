package io.floatchat.gateway.rest;

import io.floatchat.gateway.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.floatchat.gateway.Tenants.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class AdminApiTest {

    @Test
    void theOperatorApiNeedsTheAdminToken() {
        given().contentType("application/json").body(Map.of("name", "x"))
                .post("/admin/v1/customers")
                .then().statusCode(401)
                .header("WWW-Authenticate", "Bearer realm=\"floatchat-admin\"")
                .body("status.code", is(401))
                .body("status.desc", is("UNAUTHORIZED"));
        given().header("Authorization", "Bearer not-the-token").contentType("application/json").body(Map.of("name", "x"))
                .post("/admin/v1/customers")
                .then().statusCode(401)
                .body("status.code", is(401)).body("status.desc", is("UNAUTHORIZED"));
    }

    @Test
    void customersAndBotsAreCreated() {
        admin().body(Map.of("name", "Acme")).post("/admin/v1/customers")
                .then().statusCode(201)
                .body("status.code", is(1000))
                .body("status.desc", is("SUCCESS"))
                .body("responseObject.name", is("Acme"))
                .body("responseObject.customerId", org.hamcrest.Matchers.greaterThan(10_000));
        long customerId = Tenants.customer("Acme bots");
        admin().body(Map.of("name", "support-bot")).post("/admin/v1/customers/" + customerId + "/bots")
                .then().statusCode(201)
                .body("responseObject.botKey", matchesPattern("[0-9a-f]{32}"))
                .body("responseObject.customerId", is((int) customerId));
    }

    @Test
    void aBotForAnUnknownCustomerIs1002() {
        admin().body(Map.of("name", "b")).post("/admin/v1/customers/999999999/bots")
                .then().statusCode(400)
                .body("status.code", is(1002))
                .body("status.desc", is("INVALID_BOT_OR_CUSTOMER_ID"));
    }

    @Test
    void aKeyIsShownOnceAndListedWithoutItsSecret() {
        long customerId = Tenants.customer("Keys Inc");
        String botKey = Tenants.bot(customerId, "bot");
        Map<String, Object> created = Tenants.key(customerId, Map.of("name", "crm-sync", "botKeys", List.of(botKey)));

        assertThat((String) created.get("apiKey")).matches("fcak_[0-9A-Za-z]{50}");
        assertThat(created).containsEntry("name", "crm-sync").containsEntry("status", "ACTIVE")
                .containsEntry("botKeys", List.of(botKey));
        assertThat((List<String>) created.get("scopes")).contains("users:read", "flows:trigger").doesNotContain("keys:manage");

        String listing = admin().get("/admin/v1/customers/" + customerId + "/api-keys")
                .then().statusCode(200)
                .body("responseObject.apiKeys.keyId", hasItems(created.get("keyId")))
                .body("responseObject.apiKeys[0].apiKey", nullValue())
                .extract().asString();
        assertThat(listing).doesNotContain((String) created.get("apiKey")).doesNotContain("hash");
    }

    @Test
    void invalidKeyRequestsStoreNothing() {
        long customerId = Tenants.customer("Strict");
        long other = Tenants.customer("Other");
        String othersBot = Tenants.bot(other, "theirs");
        String path = "/admin/v1/customers/" + customerId + "/api-keys";

        admin().body(Map.of("name", "k", "scopes", List.of("users:read", "root"))).post(path)
                .then().statusCode(400).body("status.code", is(1001)).body("status.details", containsString("root"));
        admin().body(Map.of("name", "k", "scopes", List.of())).post(path)
                .then().statusCode(400).body("status.code", is(1001));
        admin().body(Map.of("name", "k", "botKeys", List.of(othersBot))).post(path)
                .then().statusCode(400).body("status.code", is(1002));
        admin().body(Map.of("name", "k", "expiresAt", System.currentTimeMillis() - 1000)).post(path)
                .then().statusCode(400).body("status.code", is(1001));
        admin().body(Map.of("name", "")).post(path)
                .then().statusCode(400).body("status.code", is(1001));
        admin().body("{\"name\": ").post(path)
                .then().statusCode(400).body("status.code", is(1001));

        admin().get(path).then().statusCode(200).body("responseObject.apiKeys", org.hamcrest.Matchers.empty());
    }

    @Test
    void revokingMarksTheKeyAndUnknownKeysAre404() {
        long customerId = Tenants.customer("Revokers");
        Map<String, Object> created = Tenants.key(customerId, Map.of("name", "old"));
        String path = "/admin/v1/customers/" + customerId + "/api-keys/";

        admin().delete(path + created.get("keyId"))
                .then().statusCode(200)
                .body("responseObject.status", is("REVOKED"))
                .body("responseObject.revokedAt", not(nullValue()));
        admin().delete(path + created.get("keyId")).then().statusCode(200).body("responseObject.status", is("REVOKED"));
        admin().delete(path + "NoSuchKey123").then().statusCode(404).body("status.code", is(404));
        admin().contentType("application/json").body(Map.of("graceSeconds", 0)).post(path + created.get("keyId") + "/regenerate")
                .then().statusCode(404)
                .body("status.code", is(404)).body("status.desc", is("NOT_FOUND"));
    }
}
