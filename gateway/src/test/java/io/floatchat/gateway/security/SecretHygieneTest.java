package io.floatchat.gateway.security;

import io.floatchat.gateway.Tenants;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.floatchat.gateway.Tenants.admin;
import static org.hamcrest.Matchers.is;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys and the admin token exist only in the responses that issue them: never in a table or a log. */
@QuarkusTest
class SecretHygieneTest {

    @Test
    void noKeyIsStoredOrLoggedInClear() throws Exception {
        long customerId = Tenants.customer("Hygiene");
        String botKey = Tenants.bot(customerId, "bot");
        Map<String, Object> key = Tenants.key(customerId, Map.of("name", "secret-keeper"));
        String apiKey = (String) key.get("apiKey");
        String rotated = admin().body(Map.of("graceSeconds", 60))
                .post("/admin/v1/customers/" + customerId + "/api-keys/" + key.get("keyId") + "/regenerate")
                .then().statusCode(200).extract().jsonPath().getString("responseObject.apiKey");
        given().header("Authorization", "Basic " + rotated).get("/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users")
                .then().statusCode(200);
        given().header("Authorization", "Basic " + rotated + "x").get("/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users")
                .then().statusCode(401)
                .body("status.code", is(401)).body("status.desc", is("UNAUTHORIZED"));

        List<String> stored = everyRowAsText();
        assertThat(stored).isNotEmpty();
        for (String secret : List.of(apiKey, rotated)) {
            String secretPart = secret.substring(17, 49);
            assertThat(stored).noneMatch(row -> row.contains(secretPart));
        }

        String log = Files.readString(Path.of("target/gateway-test.log"));
        assertThat(log).contains("key=" + key.get("keyId"));
        // request id, key id, method, route pattern (not the raw path), status, duration
        assertThat(log).containsPattern("[0-9a-f]{32} key=" + key.get("keyId")
                + " GET /bot-api/v1.0/customer/\\{customerId}/bot/\\{botKey}/users 200 \\d+\\.\\dms");
        assertThat(log).doesNotContain(apiKey.substring(17, 49)).doesNotContain(rotated.substring(17, 49))
                .doesNotContain(Tenants.ADMIN_TOKEN);
    }

    private static List<String> everyRowAsText() throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection connection = EmbeddedPostgresServer.connect();
             Statement statement = connection.createStatement()) {
            for (String table : List.of("api_key", "customer", "bot", "outbox")) {
                try (ResultSet result = statement.executeQuery(
                        "SELECT row_to_json(t)::text FROM gateway." + table + " t")) {
                    while (result.next()) {
                        rows.add(result.getString(1));
                    }
                }
            }
        }
        return rows;
    }
}
