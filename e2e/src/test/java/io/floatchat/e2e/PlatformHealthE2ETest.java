package io.floatchat.e2e;

import io.floatchat.local.LocalPlatform;
import io.floatchat.local.PlatformService;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

class PlatformHealthE2ETest {

    private static LocalPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.shared();
    }

    @ParameterizedTest
    @EnumSource(PlatformService.class)
    void everyServiceIsReadyWithItsDatabaseAndKafka(PlatformService service) {
        given().baseUri(platform.serviceUrl(service))
                .when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.status", everyItem(is("UP")))
                .body("checks.name", hasItem(containsString("PostgreSQL")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    @Test
    void theGatewayAnswersUnknownRoutesInTheEnvelope() {
        given().baseUri(platform.gatewayUrl()).header("X-Request-Id", "e2e-1")
                .when().get("/bot-api/v1.0/nothing-here")
                .then().statusCode(404)
                .header("X-Request-Id", "e2e-1")
                .body("status.code", is(404))
                .body("status.desc", is("NOT_FOUND"))
                .body("requestId", is("e2e-1"));
    }
}
