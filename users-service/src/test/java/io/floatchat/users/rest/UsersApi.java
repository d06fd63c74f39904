package io.floatchat.users.rest;

import io.floatchat.testing.TestJwt;
import io.floatchat.testing.TestTenants;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helper: calls the Users API as the gateway would, for one bot of customer 10001. */
public final class UsersApi {

    public static final long CUSTOMER = 10001;

    private final String botKey;

    private UsersApi(String botKey) {
        this.botKey = botKey;
        // a bot of the customer, as the gateway announces it: its events from outside producers are applied
        TestTenants.register(CUSTOMER, botKey);
    }

    /** A bot of its own, so tests do not see each other's users. */
    public static UsersApi freshBot() {
        return new UsersApi("bot-" + UUID.randomUUID().toString().substring(0, 8));
    }

    public String botKey() {
        return botKey;
    }

    public String path() {
        return "/bot-api/v1.0/customer/" + CUSTOMER + "/bot/" + botKey;
    }

    public RequestSpecification as(String... scopes) {
        return given().header("Authorization", TestJwt.forTenant(CUSTOMER, botKey).scopes(scopes).bearer())
                .contentType(ContentType.JSON);
    }

    public RequestSpecification reader() {
        return as("users:read");
    }

    public void patch(String userId, Map<String, Object> body) {
        as("users:write").body(body).patch(path() + "/channel-user/" + userId + "/attributes").then().statusCode(200);
    }

    public void attributes(String userId, Map<String, Object> attributes) {
        patch(userId, Map.of("attributes", attributes));
    }
}
