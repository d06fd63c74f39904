package io.floatchat.conversations.rest;

import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestJwt;
import io.floatchat.testing.TestTenants;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helper: the Conversations API as the gateway calls it, for a bot of its own of customer 10001. */
public final class ConversationsApi {

    public static final long CUSTOMER = 10001;

    private final String botKey = "bot-" + UUID.randomUUID().toString().substring(0, 8);

    /** A bot of the customer, as the gateway announces it: its events from outside producers are applied. */
    public ConversationsApi() {
        TestTenants.register(CUSTOMER, botKey);
    }

    public String botKey() {
        return botKey;
    }

    public String user(String userId) {
        return "/bot-api/v1.0/customer/" + CUSTOMER + "/bot/" + botKey + "/channel-user/" + userId;
    }

    public RequestSpecification as(String... scopes) {
        return given().header("Authorization", TestJwt.forTenant(CUSTOMER, botKey).scopes(scopes).bearer())
                .contentType(ContentType.JSON);
    }

    public RequestSpecification reader() {
        return as("conversations:read");
    }

    public void post(String userId, String messageId, long timestamp, String direction) {
        as("conversations:write").body(Map.of("messageId", messageId, "direction", direction, "type", "text",
                        "text", "message " + messageId, "timestamp", timestamp))
                .post(user(userId) + "/messages").then().statusCode(201);
    }

    /**
     * Many messages of many users at once, straight into the table (the API is tested elsewhere),
     * interleaved as real traffic is: user{0..users-1}, one message each in turn.
     */
    public void loadInterleaved(int users, int perUser) throws SQLException {
        try (Connection connection = EmbeddedPostgresServer.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO conversations.message (customer_id, bot_key, user_id, message_id, channel, "
                    + "direction, type, text, ts) SELECT " + CUSTOMER + ", '" + botKey + "', 'user' || (g % " + users + "), "
                    + "'user' || (g % " + users + ") || '-m' || lpad((g / " + users + ")::text, 7, '0'), 'whatsapp', "
                    + "'INBOUND', 'text', 'hello ' || g, 1000000 + g FROM generate_series(0, " + (users * perUser - 1) + ") g");
        }
    }

    /** Many messages at once, straight into the table (the API is tested elsewhere). */
    public void load(String userId, int count) throws SQLException {
        try (Connection connection = EmbeddedPostgresServer.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO conversations.message (customer_id, bot_key, user_id, message_id, channel, "
                    + "direction, type, text, ts) SELECT " + CUSTOMER + ", '" + botKey + "', '" + userId + "', "
                    + "'" + userId + "-m' || lpad(g::text, 7, '0'), 'whatsapp', 'INBOUND', 'text', 'hello ' || g, 1000000 + (g / 3) "
                    + "FROM generate_series(1, " + count + ") g");
        }
    }
}
