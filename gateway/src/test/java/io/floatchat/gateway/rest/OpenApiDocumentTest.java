package io.floatchat.gateway.rest;

import io.floatchat.gateway.routing.Route;
import io.floatchat.gateway.routing.RouteTable;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;

/** The document at /openapi describes every route the gateway serves, with its scheme and errors. */
@QuarkusTest
class OpenApiDocumentTest {

    @Test
    void everyRoutedPathIsDocumentedWithItsErrors() {
        JsonPath document = given().queryParam("format", "json").get("/openapi")
                .then().statusCode(200).extract().jsonPath();
        assertThat(document.getString("components.securitySchemes.apiKey.scheme")).isEqualTo("basic");
        Map<String, Object> paths = document.getMap("paths");
        for (Route route : RouteTable.PUBLIC_API) {
            Map<String, Object> operations = (Map<String, Object>) paths.get(route.pattern());
            assertThat(operations).as(route.pattern()).isNotNull();
            Map<String, Object> operation = (Map<String, Object>) operations.get(route.method().toLowerCase());
            assertThat(operation).as(route.method() + " " + route.pattern()).isNotNull();
            Map<String, Object> responses = (Map<String, Object>) operation.get("responses");
            if (route.authenticated()) {
                assertThat(responses).as(route.pattern()).containsKeys("400", "401", "403", "429", "500");
            }
        }
    }

    @Test
    void swaggerUiIsServed() {
        given().get("/docs/").then().statusCode(200).body(containsString("swagger"));
    }

    @Test
    void anOversizedHeaderIsRefused() {
        given().header("X-Padding", "x".repeat(20_000)).get("/openapi").then().statusCode(431);
    }
}
