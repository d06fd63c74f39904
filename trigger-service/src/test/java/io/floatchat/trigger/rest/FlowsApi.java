package io.floatchat.trigger.rest;

import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestJwt;
import io.floatchat.testing.TestTenants;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** Test helper: the Flows API as the gateway calls it, for a bot of its own of customer 10001. */
public final class FlowsApi {

    public static final long CUSTOMER = 10001;

    private final String botKey = "bot-" + UUID.randomUUID().toString().substring(0, 8);

    /** A bot of the customer, as the gateway announces it: its events from outside producers are applied. */
    public FlowsApi() {
        TestTenants.register(CUSTOMER, botKey);
    }

    public String botKey() {
        return botKey;
    }

    public String path() {
        return "/bot-api/v1.0/customer/" + CUSTOMER + "/bot/" + botKey;
    }

    public RequestSpecification api() {
        return given().header("Authorization", TestJwt.forTenant(CUSTOMER, botKey)
                .scopes("flows:read", "flows:write", "flows:trigger").bearer()).contentType(ContentType.JSON);
    }

    public void put(String flowKey, Map<String, Object> flow) {
        api().body(flow).put(path() + "/flows/" + flowKey).then().statusCode(200);
    }

    public String trigger(String flowKey, Object body) {
        return api().body(body).post(path() + "/flow/" + flowKey).then().statusCode(202).extract().jsonPath()
                .getString("responseObject.runId");
    }

    /** The run once it has finished. */
    public JsonPath finished(String runId) {
        return finished(runId, Duration.ofSeconds(20));
    }

    /** The run once it has finished, waiting at most {@code atMost}. */
    public JsonPath finished(String runId, Duration atMost) {
        await().atMost(atMost).until(() -> {
            String status = run(runId).getString("responseObject.status");
            return status.equals("SUCCEEDED") || status.equals("FAILED");
        });
        return run(runId);
    }

    /**
     * Stores a run of this bot as an executor holds it: under {@code claim}, its lease until
     * {@code leaseUntil}, as the table holds it, without the API.
     */
    public void storeClaimedRun(String runId, String flowKey, String userId, String definition, String status,
                                long createdAt, long leaseUntil, long claim) throws SQLException {
        try (Connection connection = EmbeddedPostgresServer.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO trigger.flow_run (id, customer_id, bot_key, "
                     + "flow_key, user_id, attributes, definition, status, created_at, lease_until, claim) "
                     + "VALUES (?, ?, ?, ?, ?, '{}', ?::jsonb, ?, ?, ?, ?)")) {
            insert.setString(1, runId);
            insert.setLong(2, CUSTOMER);
            insert.setString(3, botKey);
            insert.setString(4, flowKey);
            insert.setString(5, userId);
            insert.setString(6, definition);
            insert.setString(7, status);
            insert.setLong(8, createdAt);
            insert.setLong(9, leaseUntil);
            insert.setLong(10, claim);
            insert.executeUpdate();
        }
    }

    /** How many of this bot's runs are in the status, read from the table. */
    public long runsIn(String status) throws SQLException {
        try (Connection connection = EmbeddedPostgresServer.connect();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT count(*) FROM trigger.flow_run WHERE bot_key = ? AND status = ?")) {
            select.setString(1, botKey);
            select.setString(2, status);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    public JsonPath run(String runId) {
        return api().get(path() + "/flow-runs/" + runId).then().statusCode(200).extract().jsonPath();
    }
}
