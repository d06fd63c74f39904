package io.floatchat.gateway.routing;

import io.floatchat.gateway.Tenants;
import io.floatchat.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.jwt.consumer.JwtConsumerBuilder;
import org.jose4j.keys.RsaKeyUtil;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.security.PublicKey;
import java.util.List;
import java.util.Map;

import static io.floatchat.common.security.JwtClaims.BOT_KEYS;
import static io.floatchat.common.security.JwtClaims.CUSTOMER_ID;
import static io.floatchat.common.security.JwtClaims.ISSUER;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** Requests reach the right service, as they were sent, with the gateway's JWT instead of the key. */
@QuarkusTest
class RoutingTest {

    private static long customerId;
    private static String botKey;
    private static String otherBot;
    private static String key;
    private static String keyId;
    private static String prefix;

    /** Once per class; in @BeforeEach because RestAssured knows the test port only then. */
    @BeforeEach
    void tenant() {
        if (prefix != null) {
            return;
        }
        customerId = Tenants.customer("Routing Co");
        botKey = Tenants.bot(customerId, "main");
        otherBot = Tenants.bot(customerId, "second");
        Map<String, Object> created = Tenants.key(customerId, Map.of("name", "routing", "botKeys", List.of(botKey)));
        key = (String) created.get("apiKey");
        keyId = (String) created.get("keyId");
        prefix = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey;
    }

    @Test
    void pathQueryAndBodyReachTheServiceUntouched() {
        JsonPath echo = given().urlEncodingEnabled(false)
                .header("Authorization", Tenants.basic(key)).header("X-Request-Id", "route-1")
                .contentType("application/json").body("{\"attributes\":{\"city\":\"Pune\"}}")
                .patch(prefix + "/channel-user/919876543210/attributes?dry=1&x=%20y")
                .then().statusCode(200)
                .header("X-Request-Id", "route-1")
                .header("X-Upstream", "echo")
                .header("RateLimit-Limit", "100")
                .extract().jsonPath();
        assertThat(echo.getString("method")).isEqualTo("PATCH");
        assertThat(echo.getString("path")).isEqualTo(prefix + "/channel-user/919876543210/attributes");
        assertThat(echo.getString("query")).isEqualTo("dry=1&x=%20y");
        assertThat(echo.getString("body")).isEqualTo("{\"attributes\":{\"city\":\"Pune\"}}");
        assertThat(echo.getString("headers.'x-request-id'")).isEqualTo("route-1");
        assertThat(echo.getString("headers.'x-forwarded-for'")).isNotBlank();
        assertThat(echo.getString("headers.authorization")).startsWith("Bearer ").doesNotContain(key);
    }

    @Test
    void theServiceSeesAShortLivedSignedTokenWithTheKeysClaims() throws Exception {
        String bearer = given().header("Authorization", Tenants.basic(key)).get(prefix + "/users")
                .then().statusCode(200).extract().jsonPath().getString("headers.authorization").substring(7);

        PublicKey publicKey = new RsaKeyUtil().fromPemEncoded(TestJwt.publicKeyPem());
        JwtClaims claims = new JwtConsumerBuilder().setVerificationKey(publicKey)
                .setExpectedIssuer(ISSUER).setExpectedAudience("users-service")
                .setRequireExpirationTime().build().processToClaims(bearer);
        assertThat(claims.getSubject()).isEqualTo(keyId);
        assertThat(claims.getClaimValue(CUSTOMER_ID, Long.class)).isEqualTo(customerId);
        assertThat(claims.getStringListClaimValue(BOT_KEYS)).containsExactly(botKey);
        assertThat(claims.getStringListClaimValue("groups")).contains("users:read", "broadcasts:write");
        assertThat(claims.getExpirationTime().getValue() - claims.getIssuedAt().getValue()).isLessThanOrEqualTo(60);
    }

    @Test
    void aMintedTokenIsReusedForPartOfItsLifeByTheServiceItWasMintedFor() {
        String first = given().header("Authorization", Tenants.basic(key)).get(prefix + "/users")
                .then().extract().jsonPath().getString("headers.authorization");
        String second = given().header("Authorization", Tenants.basic(key)).get(prefix + "/channel-user/919800000001")
                .then().extract().jsonPath().getString("headers.authorization");
        String another = given().header("Authorization", Tenants.basic(key)).get(prefix + "/flows")
                .then().extract().jsonPath().getString("headers.authorization");
        assertThat(second).isEqualTo(first);
        assertThat(another).isNotEqualTo(first);
    }

    @Test
    void theServicesStatusAndBodyComeBackAsTheyAre() {
        given().header("Authorization", Tenants.basic(key)).header("X-Echo-Status", "418")
                .get(prefix + "/broadcasts/b-1")
                .then().statusCode(418)
                .body("path", is(prefix + "/broadcasts/b-1"));
    }

    @Test
    void anotherCustomersIdOrABotOutsideTheKeyIs1002LikeAnUnknownOne() {
        long stranger = Tenants.customer("Stranger");
        String strangersBot = Tenants.bot(stranger, "theirs");
        String[] paths = {
                "/bot-api/v1.0/customer/" + stranger + "/bot/" + strangersBot + "/users",
                "/bot-api/v1.0/customer/" + customerId + "/bot/" + strangersBot + "/users",
                "/bot-api/v1.0/customer/" + customerId + "/bot/0123456789abcdef0123456789abcdef/users",
                "/bot-api/v1.0/customer/" + customerId + "/bot/" + otherBot + "/users",
                "/bot-api/v1.0/customer/not-a-number/bot/" + botKey + "/users"};
        String first = null;
        for (String path : paths) {
            String body = given().header("Authorization", Tenants.basic(key)).header("X-Request-Id", "tenant")
                    .get(path).then().statusCode(400)
                    .body("status.code", is(1002))
                    .body("status.desc", is("INVALID_BOT_OR_CUSTOMER_ID"))
                    .extract().asString();
            first = first == null ? body : first;
            assertThat(body).as(path).isEqualTo(first);
        }
    }

    @Test
    void aKeyWithoutTheScopeIs403() {
        String readOnly = Tenants.apiKey(customerId, Map.of("name", "reader", "scopes", List.of("users:read")));
        given().header("Authorization", Tenants.basic(readOnly)).get(prefix + "/users").then().statusCode(200);
        given().header("Authorization", Tenants.basic(readOnly)).contentType("application/json").body("{}")
                .post(prefix + "/broadcasts")
                .then().statusCode(403)
                .body("status.code", is(403))
                .body("status.desc", is("FORBIDDEN"))
                .body("status.details", containsString("broadcasts:write"));
    }

    @Test
    void anUnreachableServiceIs503() {
        given().header("Authorization", Tenants.basic(key)).get(prefix + "/channel-user/1/conversations")
                .then().statusCode(503)
                .body("status.code", is(503))
                .body("status.desc", is("UNAVAILABLE"));
    }

    @Test
    void unknownRoutesAre404AndAKnownRouteWithAnotherMethodIs405() {
        given().header("Authorization", Tenants.basic(key)).get(prefix + "/no-such-thing")
                .then().statusCode(404).body("status.code", is(404));
        given().header("Authorization", Tenants.basic(key)).delete(prefix + "/users")
                .then().statusCode(405).body("status.code", is(405)).header("Allow", "GET");
    }

    @Test
    void aBodyOverTheRouteLimitIs413() {
        given().header("Authorization", Tenants.basic(key)).contentType("application/json")
                .body("{\"attributes\":{\"a\":\"" + "x".repeat(1_100_000) + "\"}}")
                .patch(prefix + "/channel-user/1/attributes")
                .then().statusCode(413)
                .body("status.code", is(413))
                .body("status.desc", is("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void whatsAppWebhooksNeedNoKeyAndCarryNoToken() {
        JsonPath echo = given().header("X-Hub-Signature-256", "sha256=abc").body("{\"entry\":[]}")
                .post("/webhooks/whatsapp/" + botKey)
                .then().statusCode(200).extract().jsonPath();
        assertThat(echo.getString("path")).isEqualTo("/webhooks/whatsapp/" + botKey);
        assertThat(echo.getString("headers.'x-hub-signature-256'")).isEqualTo("sha256=abc");
        assertThat(echo.getString("headers.authorization")).isNull();
    }
}
