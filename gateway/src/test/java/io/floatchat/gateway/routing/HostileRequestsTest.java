package io.floatchat.gateway.routing;

import io.floatchat.gateway.Tenants;
import io.floatchat.testing.PrometheusMetrics;
import io.floatchat.testing.RawHttp;
import io.floatchat.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.RsaKeyUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a hostile client sends the gateway: paths that read differently to different parsers, bodies
 * that never say how long they are, heads too large, floods of made-up keys and of webhooks, and
 * headers meant for the services. Each is answered in the envelope, and none costs what it is meant to.
 */
@QuarkusTest
class HostileRequestsTest {

    private static long customerId;
    private static String botKey;
    private static String key;
    private static String prefix;

    @BeforeEach
    void tenant() {
        if (prefix != null) {
            return;
        }
        customerId = Tenants.customer("Hostile Co");
        botKey = Tenants.bot(customerId, "main");
        key = Tenants.apiKey(customerId, Map.of("name", "hostile"));
        prefix = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey;
    }

    @Test
    void pathsThatReadDifferentlyToDifferentParsersAre400InTheEnvelope() {
        for (String path : List.of(prefix + "/channel-user/%00%2e%2e%2f/conversations", prefix + "/channel-user/a%2Fb/conversations",
                prefix + "/channel-user/../../users", prefix + "/channel-user/%2e%2e/conversations", prefix + "//users",
                prefix + "/channel-user/.%2E/conversations", prefix + "/channel-user/a%5cb/conversations",
                "/bot-api/v1.0/customer/" + customerId + "/bot/other/../" + botKey + "/users")) {
            RawHttp.Response response = RawHttp.get("127.0.0.1", RestAssured.port, path, "Authorization: Basic " + key);
            assertThat(response.status()).as(path).isEqualTo(400);
            JsonPath body = JsonPath.from(response.body());
            assertThat(body.getInt("status.code")).as(path).isEqualTo(1001);
            assertThat(body.getString("status.desc")).isEqualTo("INVALID_REQUEST");
            assertThat(body.getString("requestId")).isNotBlank();
            assertThat(response.header("X-Upstream")).as("never reached the service: " + path).isNull();
        }
    }

    @Test
    void aWrongMethodIs405WithTheMethodsTheRouteTakes() {
        given().header("Authorization", Tenants.basic(key)).delete(prefix + "/users").then().statusCode(405)
                .header("Allow", "GET")
                .body("status.code", org.hamcrest.Matchers.is(405))
                .body("status.desc", org.hamcrest.Matchers.is("METHOD_NOT_ALLOWED"));
    }

    @Test
    void aChunkedBodyPastTheRoutesLimitIs413InTheEnvelopeAndNeverReachesTheService() {
        RawHttp.Response response = RawHttp.send("127.0.0.1", RestAssured.port, "PATCH " + prefix
                + "/channel-user/919800000001/attributes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + key
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", RawHttp.chunked(2 * 1024 * 1024, 'x'));
        assertThat(response.status()).isEqualTo(413);
        assertThat(JsonPath.from(response.body()).getInt("status.code")).isEqualTo(413);
        assertThat(JsonPath.from(response.body()).getString("status.desc")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(response.header("X-Upstream")).isNull();
    }

    @Test
    void aChunkedMultipartUploadPastTheUploadLimitIs413Too() {
        RawHttp.Response response = RawHttp.send("127.0.0.1", RestAssured.port, "POST /whatsapp-api/v1.0/customer/" + customerId
                + "/bot/" + botKey + "/external/broadcast?broadcast_id=x HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic "
                + key + "\r\nContent-Type: multipart/form-data; boundary=b\r\nTransfer-Encoding: chunked",
                RawHttp.chunked(12 * 1024 * 1024, 'x'));
        assertThat(response.status()).isEqualTo(413);
        assertThat(JsonPath.from(response.body()).getString("status.desc")).isEqualTo("PAYLOAD_TOO_LARGE");
        assertThat(response.header("X-Upstream")).isNull();
    }

    @Test
    void aChunkedBodyWithinTheLimitStreamsThroughWhole() {
        String json = "{\"attributes\":{\"note\":\"" + "y".repeat(20_000) + "\"}}";
        byte[] body = (Integer.toHexString(json.length()) + "\r\n" + json + "\r\n0\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
        RawHttp.Response response = RawHttp.send("127.0.0.1", RestAssured.port, "PATCH " + prefix
                + "/channel-user/919800000001/attributes HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + key
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close", body);
        assertThat(response.status()).isEqualTo(200);
        assertThat(JsonPath.from(response.body()).getString("body")).isEqualTo(json);
    }

    @Test
    void aChunkedBodyPastTheLimitOfTheGatewaysOwnRouteIs413InTheEnvelope() {
        String manager = Tenants.apiKey(customerId, Map.of("name", "m", "scopes", List.of("keys:manage")));
        RawHttp.Response response = RawHttp.send("127.0.0.1", RestAssured.port, "POST /bot-api/v1.0/customer/" + customerId
                + "/api-keys HTTP/1.1\r\nHost: localhost\r\nAuthorization: Basic " + manager
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked", RawHttp.chunked(2 * 1024 * 1024, 'x'));
        assertThat(response.status()).isEqualTo(413);
        assertThat(JsonPath.from(response.body()).getString("status.desc")).isEqualTo("PAYLOAD_TOO_LARGE");
    }

    @Test
    void aTooLongRequestLineIs414AndTooLargeHeadersAre431InTheEnvelope() {
        RawHttp.Response line = RawHttp.get("127.0.0.1", RestAssured.port, prefix + "/users?attribute_name=a&attribute_value="
                + "v".repeat(9_000), "Authorization: Basic " + key);
        assertThat(line.status()).isEqualTo(414);
        assertThat(JsonPath.from(line.body()).getString("status.desc")).isEqualTo("URI_TOO_LONG");
        RawHttp.Response headers = RawHttp.get("127.0.0.1", RestAssured.port, prefix + "/users",
                "Authorization: Basic " + key, "X-Padding: " + "p".repeat(20_000));
        assertThat(headers.status()).isEqualTo(431);
        assertThat(JsonPath.from(headers.body()).getString("status.desc")).isEqualTo("HEADERS_TOO_LARGE");
    }

    @Test
    void aFloodOfMadeUpKeysFromOneAddressIsStoppedBeforeTheDatabaseIsAsked() {
        double lookupsBefore = PrometheusMetrics.value("floatchat_gateway_key_lookups_total");
        List<Integer> statuses = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 300; i++) {
            String madeUp = "fc_live_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16) + "_"
                    + "x".repeat(30);
            statuses.add(RawHttp.get("127.0.0.9", RestAssured.port, prefix + "/users", "Authorization: Basic " + madeUp).status());
        }
        long seconds = (System.nanoTime() - start) / 1_000_000_000L + 1;
        double lookups = PrometheusMetrics.value("floatchat_gateway_key_lookups_total") - lookupsBefore;
        // the address's bucket holds 40 and refills 20 a second: the rest were refused before any lookup
        long allowed = 40 + 20 * seconds;
        assertThat(statuses).contains(401, 429);
        assertThat(lookups).isLessThanOrEqualTo(allowed);
        assertThat(statuses.stream().filter(status -> status == 429).count()).isGreaterThanOrEqualTo(300 - allowed);
    }

    @Test
    void webhooksAreLimitedPerBotAndPerAddress() {
        List<Integer> oneBot = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            oneBot.add(RawHttp.get("127.0.0.10", RestAssured.port, "/webhooks/whatsapp/" + botKey).status());
        }
        assertThat(oneBot).contains(429);
        // another bot's webhooks from another address are untouched by that flood
        assertThat(RawHttp.get("127.0.0.11", RestAssured.port, "/webhooks/whatsapp/another-bot").status()).isEqualTo(200);

        // one address spreading a flood over many bots: each bot's bucket is untouched, the address's is not.
        // The refused answer is taken from the flood itself, so a slow machine's refill cannot make it a 200.
        RawHttp.Response limited = null;
        for (int i = 0; i < 400 && limited == null; i++) {
            RawHttp.Response answer = RawHttp.get("127.0.0.12", RestAssured.port, "/webhooks/whatsapp/bot-" + i);
            if (answer.status() == 429) {
                limited = answer;
            }
        }
        assertThat(limited).as("a 429 among 400 webhooks from one address to 400 bots").isNotNull();
        assertThat(JsonPath.from(limited.body()).getString("status.desc")).isEqualTo("RATE_LIMITED");
        assertThat(limited.header("Retry-After")).isNotNull();
    }

    @Test
    void eachServiceGetsATokenForItselfAndBroadcastsAlsoOneForUsersNeverTheClients() throws Exception {
        JsonPath users = given().header("Authorization", Tenants.basic(key)).get(prefix + "/users").then().statusCode(200)
                .extract().jsonPath();
        JsonPath flows = given().header("Authorization", Tenants.basic(key)).get(prefix + "/flows").then().statusCode(200)
                .extract().jsonPath();
        assertThat(audience(users.getString("headers.authorization").substring(7))).containsExactly("users-service");
        assertThat(audience(flows.getString("headers.authorization").substring(7))).containsExactly("trigger-service");

        String forged = TestJwt.forTenant(customerId, botKey).scopes("users:read").audience("users-service").sign();
        JsonPath broadcast = given().header("Authorization", Tenants.basic(key)).header("X-FloatChat-Users-Token", forged)
                .contentType("application/json").body("{}").post(prefix + "/broadcasts").then().statusCode(200)
                .extract().jsonPath();
        assertThat(audience(broadcast.getString("headers.authorization").substring(7))).containsExactly("broadcast-service");
        String usersToken = broadcast.getString("headers.'x-floatchat-users-token'");
        assertThat(usersToken).isNotEqualTo(forged);
        assertThat(audience(usersToken)).containsExactly("users-service");

        JsonPath other = given().header("Authorization", Tenants.basic(key)).header("X-FloatChat-Users-Token", forged)
                .get(prefix + "/broadcasts").then().statusCode(200).extract().jsonPath();
        assertThat(other.getString("headers.'x-floatchat-users-token'")).isNull();
    }

    private static List<String> audience(String token) throws Exception {
        JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(new RsaKeyUtil().fromPemEncoded(TestJwt.publicKeyPem()))
                .setSkipDefaultAudienceValidation().build().processToClaims(token);
        return claims.getAudience();
    }
}
