package io.floatchat.testing;

import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/**
 * What every service must do once it boots: be ready only with its database and Kafka, serve
 * metrics and OpenAPI, own a migrated schema, and answer unknown routes in the error envelope.
 * A service's {@code @QuarkusTest} extends this and names its schema.
 */
public abstract class ServiceBootContract {

    /** The PostgreSQL schema the service owns and migrates. */
    protected abstract String schema();

    /** Where the service serves its OpenAPI document. */
    protected String openApiPath() {
        return "/q/openapi";
    }

    @Test
    void readinessCoversDatabaseAndKafka() {
        given().when().get("/q/health/ready")
                .then().statusCode(200)
                .body("status", is("UP"))
                .body("checks.status", everyItem(is("UP")))
                .body("checks.name", hasItem(containsString("Reactive PostgreSQL")))
                .body("checks.name", hasItem(containsString("Kafka")));
    }

    @Test
    void livenessIsUp() {
        given().when().get("/q/health/live")
                .then().statusCode(200)
                .body("status", is("UP"));
    }

    @Test
    void metricsArePrometheusText() {
        given().when().get("/q/metrics")
                .then().statusCode(200)
                .body(containsString("# TYPE jvm_memory_used_bytes gauge"));
    }

    @Test
    void openApiDocumentIsServed() {
        given().queryParam("format", "json").when().get(openApiPath())
                .then().statusCode(200)
                .body("openapi", containsString("3."))
                .body("info.title", containsString("FloatChat"));
    }

    @Test
    void unknownRouteAnswersInTheEnvelopeWithTheClientsRequestId() {
        given().header("X-Request-Id", "trace-42").when().get("/no/such/route")
                .then().statusCode(404)
                .header("X-Request-Id", "trace-42")
                .body("status.code", is(404))
                .body("status.desc", is("NOT_FOUND"))
                .body("requestId", is("trace-42"));
    }

    @Test
    void aRequestWithoutAnIdGetsAFreshOne() {
        String first = given().when().get("/q/health/live").then().extract().header("X-Request-Id");
        String second = given().when().get("/q/health/live").then().extract().header("X-Request-Id");
        assertThat(first).matches("[0-9a-f]{32}");
        assertThat(second).matches("[0-9a-f]{32}").isNotEqualTo(first);
    }

    @Test
    void flywayMigratedTheServiceSchema() throws SQLException {
        assertThat(tablesOf(schema())).contains("outbox", "processed_event", "idempotency_key", "flyway_schema_history");
    }

    protected static List<String> tablesOf(String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = EmbeddedPostgresServer.connect();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT table_name FROM information_schema.tables WHERE table_schema = '" + schema + "'")) {
            while (rows.next()) {
                tables.add(rows.getString(1));
            }
        }
        return tables;
    }
}
