package io.floatchat.users.security;

import io.floatchat.testing.RawHttp;
import io.floatchat.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import io.smallrye.jwt.build.Jwt;
import org.junit.jupiter.api.Test;

import java.security.KeyPairGenerator;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;

/** A service reached without the gateway, or with another tenant's token, serves nothing. */
@QuarkusTest
class TenantGuardTest {

    private static final String PATH = "/bot-api/v1.0/customer/10001/bot/bot-a/tenant-probe";

    @Test
    void theGatewaysTokenForThisTenantIsServed() {
        given().header("Authorization", TestJwt.forTenant(10001, "bot-a", "bot-b").scopes("users:read").bearer())
                .get(PATH).then().statusCode(200).body(is("10001/bot-a"));
    }

    @Test
    void noTokenIs401() {
        given().get(PATH).then().statusCode(401)
                .body("status.code", is(401))
                .body("status.desc", is("UNAUTHORIZED"));
    }

    @Test
    void aTokenNotSignedByTheGatewayIs401() throws Exception {
        var otherKeys = KeyPairGenerator.getInstance("RSA");
        otherKeys.initialize(2048);
        String forged = Jwt.issuer("floatchat-gateway").subject("k").claim("customer_id", 10001)
                .claim("bot_keys", List.of("bot-a")).groups("users:read").sign(otherKeys.generateKeyPair().getPrivate());
        given().header("Authorization", "Bearer " + forged).get(PATH).then().statusCode(401).body("status.code", is(401));
    }

    @Test
    void aTokenTheGatewayMintedForAnotherServiceIs401() {
        for (String other : List.of("broadcast-service", "trigger-service", "conversations-service")) {
            given().header("Authorization", TestJwt.forTenant(10001, "bot-a").scopes("users:read").audience(other).bearer())
                    .get(PATH).then().statusCode(401).body("status.code", is(401));
        }
        given().header("Authorization", TestJwt.forTenant(10001, "bot-a").scopes("users:read").audience(null).bearer())
                .get(PATH).then().statusCode(401);
    }

    @Test
    void theTenantIsReadFromThePathTheRestLayerRoutesOnNotFromItsRawForm() {
        // %62 is "b": the resource is given bot-a, so that is the bot the token must name
        given().urlEncodingEnabled(false)
                .header("Authorization", TestJwt.forTenant(10001, "bot-a").scopes("users:read").bearer())
                .get("/bot-api/v1.0/customer/10001/bot/%62ot-a/tenant-probe").then().statusCode(200).body(is("10001/bot-a"));
        given().urlEncodingEnabled(false)
                .header("Authorization", TestJwt.forTenant(10001, "%62ot-a").scopes("users:read").bearer())
                .get("/bot-api/v1.0/customer/10001/bot/%62ot-a/tenant-probe").then().statusCode(400).body("status.code", is(1002));
    }

    @Test
    void pathsThatReadDifferentlyToDifferentParsersAre400() {
        for (String path : List.of("/bot-api/v1.0/customer/10001/bot/bot-b/..%2fbot-a/tenant-probe",
                "/bot-api/v1.0/customer/10001/bot/bot-a/%2e%2e/tenant-probe", "/bot-api/v1.0/customer/10001/bot/bot-a//tenant-probe",
                "/bot-api/v1.0/customer/10001/bot/bot-a%00/tenant-probe")) {
            // written byte for byte: a client library would tidy these paths up before sending them
            RawHttp.Response response = RawHttp.get("127.0.0.1", RestAssured.port, path,
                    "Authorization: " + TestJwt.forTenant(10001, "bot-a").scopes("users:read").bearer());
            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(JsonPath.from(response.body()).getInt("status.code")).isEqualTo(1001);
            assertThat(JsonPath.from(response.body()).getString("status.desc")).isEqualTo("INVALID_REQUEST");
        }
    }

    @Test
    void anExpiredTokenIs401() {
        given().header("Authorization", TestJwt.forTenant(10001, "bot-a").scopes("users:read").expiresInSeconds(-120).bearer())
                .get(PATH).then().statusCode(401)
                .body("status.code", is(401)).body("status.desc", is("UNAUTHORIZED"));
    }

    @Test
    void anotherCustomerOrBotIs1002() {
        given().header("Authorization", TestJwt.forTenant(10002, "bot-a").scopes("users:read").bearer())
                .get(PATH).then().statusCode(400).body("status.code", is(1002));
        given().header("Authorization", TestJwt.forTenant(10001, "bot-b").scopes("users:read").bearer())
                .get(PATH).then().statusCode(400).body("status.code", is(1002));
    }

    @Test
    void aTokenWithoutTheScopeIs403() {
        given().header("Authorization", TestJwt.forTenant(10001, "bot-a").scopes("flows:read").bearer())
                .get(PATH).then().statusCode(403).body("status.code", is(403));
    }
}
