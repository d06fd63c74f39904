package io.floatchat.gateway.security;

import io.floatchat.gateway.Tenants;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.floatchat.gateway.Tenants.admin;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** Every kind of bad key gets the very same 401; good keys work in both Basic forms. */
@QuarkusTest
class AuthenticationTest {

    private static long customerId;
    private static String botKey;
    private static String path;

    /** Once per class; in @BeforeEach because RestAssured knows the test port only then. */
    @BeforeEach
    void tenant() {
        if (path != null) {
            return;
        }
        customerId = Tenants.customer("Auth Co");
        botKey = Tenants.bot(customerId, "bot");
        path = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users";
    }

    @Test
    void bothBasicFormsAreAccepted() {
        String key = Tenants.apiKey(customerId, Map.of("name", "both-forms"));
        given().header("Authorization", "Basic " + key).get(path).then().statusCode(200);
        given().header("Authorization", "Basic " + base64(key + ":")).get(path).then().statusCode(200);
        given().auth().preemptive().basic(key, "").get(path).then().statusCode(200);
    }

    @Test
    void everyBadKeyGetsTheSameAnswer() {
        String good = Tenants.apiKey(customerId, Map.of("name", "near-miss-source"));
        Map<String, Object> revokedKey = Tenants.key(customerId, Map.of("name", "revoked"));
        admin().delete("/admin/v1/customers/" + customerId + "/api-keys/" + revokedKey.get("keyId")).then().statusCode(200);
        Map<String, Object> regeneratedKey = Tenants.key(customerId, Map.of("name", "regenerated"));
        admin().body(Map.of("graceSeconds", 0))
                .post("/admin/v1/customers/" + customerId + "/api-keys/" + regeneratedKey.get("keyId") + "/regenerate")
                .then().statusCode(200);
        String expiring = Tenants.apiKey(customerId, Map.of("name", "expiring", "expiresAt", System.currentTimeMillis() + 1500));
        await().atMost(Duration.ofSeconds(10)).until(() -> status(expiring) == 401);

        Map<String, String> candidates = new LinkedHashMap<>();
        candidates.put("missing", null);
        candidates.put("malformed", "Basic not-a-key");
        candidates.put("other scheme", "Bearer " + good);
        candidates.put("unknown", "Basic " + ApiKeyFormat.newKey(ApiKeyFormat.newKeyId()));
        candidates.put("near miss", "Basic " + nearMiss(good));
        candidates.put("bad checksum", "Basic " + good.substring(0, good.length() - 1) + (good.endsWith("A") ? "B" : "A"));
        candidates.put("revoked", "Basic " + revokedKey.get("apiKey"));
        candidates.put("regenerated away", "Basic " + regeneratedKey.get("apiKey"));
        candidates.put("expired", "Basic " + expiring);

        String expectedBody = null;
        for (Map.Entry<String, String> candidate : candidates.entrySet()) {
            Response response = request(candidate.getValue());
            assertThat(response.statusCode()).as(candidate.getKey()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate")).as(candidate.getKey()).isEqualTo("Basic realm=\"floatchat\"");
            if (expectedBody == null) {
                expectedBody = response.asString();
            }
            assertThat(response.asString()).as(candidate.getKey()).isEqualTo(expectedBody);
        }
        assertThat(expectedBody).isEqualTo("{\"status\":{\"code\":401,\"desc\":\"UNAUTHORIZED\","
                + "\"details\":\"Missing or invalid API key.\"},\"requestId\":\"same-request\"}");
    }

    @Test
    void aRegeneratedKeyKeepsWorkingDuringItsGracePeriod() {
        Map<String, Object> key = Tenants.key(customerId, Map.of("name", "rotating"));
        String fresh = admin().body(Map.of("graceSeconds", 3600))
                .post("/admin/v1/customers/" + customerId + "/api-keys/" + key.get("keyId") + "/regenerate")
                .then().statusCode(200)
                .body("responseObject.keyId", is(key.get("keyId")))
                .extract().jsonPath().getString("responseObject.apiKey");
        assertThat(fresh).isNotEqualTo(key.get("apiKey"));
        assertThat(status((String) key.get("apiKey"))).isEqualTo(200);
        assertThat(status(fresh)).isEqualTo(200);
    }

    @Test
    void lastUseIsReportedWithoutAWritePerRequest() {
        Map<String, Object> key = Tenants.key(customerId, Map.of("name", "used"));
        assertThat(status((String) key.get("apiKey"))).isEqualTo(200);
        admin().get("/admin/v1/customers/" + customerId + "/api-keys").then().statusCode(200)
                .body("responseObject.apiKeys.find { it.keyId == '" + key.get("keyId") + "' }.lastUsedAt",
                        org.hamcrest.Matchers.notNullValue());
    }

    private static int status(String key) {
        return given().header("Authorization", "Basic " + key).get(path).statusCode();
    }

    private static Response request(String authorization) {
        var request = given().header("X-Request-Id", "same-request");
        if (authorization != null) {
            request = request.header("Authorization", authorization);
        }
        return request.get(path);
    }

    /** The same key id and a valid checksum, but one secret character changed. */
    private static String nearMiss(String key) {
        int at = ApiKeyFormat.PREFIX.length() + ApiKeyFormat.ID_LENGTH + 5;
        String body = key.substring(0, at) + (key.charAt(at) == 'x' ? 'y' : 'x')
                + key.substring(at + 1, key.length() - ApiKeyFormat.CHECKSUM_LENGTH);
        return body + ApiKeyFormat.checksum(body);
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }

}
