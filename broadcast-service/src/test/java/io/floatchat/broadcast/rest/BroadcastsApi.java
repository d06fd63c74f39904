package io.floatchat.broadcast.rest;

import io.floatchat.testing.TestJwt;
import io.floatchat.testing.TestTenants;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;

import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;

/** Test helper: the Broadcast API as the gateway calls it, for a bot of its own of customer 10001. */
public final class BroadcastsApi {

    public static final long CUSTOMER = 10001;

    private final String botKey = "bot-" + UUID.randomUUID().toString().substring(0, 8);
    private final long customer;

    /** A bot of the customer, as the gateway announces it: its events from outside producers are applied. */
    public BroadcastsApi() {
        this(CUSTOMER);
    }

    /** A bot of another customer: another tenant. */
    public BroadcastsApi(long customer) {
        this.customer = customer;
        TestTenants.register(customer, botKey);
    }

    public String botKey() {
        return botKey;
    }

    public String path() {
        return "/bot-api/v1.0/customer/" + customer + "/bot/" + botKey;
    }

    public RequestSpecification as(String... scopes) {
        return given().header("Authorization", TestJwt.forTenant(customer, botKey).scopes(scopes).bearer())
                .contentType(ContentType.JSON);
    }

    public RequestSpecification writer() {
        return as("broadcasts:write", "broadcasts:read", "channels:write");
    }

    public JsonPath create(Map<String, Object> body) {
        return writer().body(body).post(path() + "/broadcasts").then().statusCode(202).extract().jsonPath();
    }

    public JsonPath get(String broadcastId) {
        return writer().get(path() + "/broadcasts/" + broadcastId).then().statusCode(200).extract().jsonPath();
    }
}
