package io.floatchat.gateway;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;

import java.util.Map;

import static io.restassured.RestAssured.given;

/** Test helper: customers, bots and keys made through the operator API, as an operator would. */
public final class Tenants {

    public static final String ADMIN_TOKEN = "test-admin-token-5f0b2c";

    private Tenants() {
    }

    public static RequestSpecification admin() {
        return given().header("Authorization", "Bearer " + ADMIN_TOKEN).contentType(ContentType.JSON);
    }

    public static long customer(String name) {
        return admin().body(Map.of("name", name)).post("/admin/v1/customers")
                .then().statusCode(201).extract().jsonPath().getLong("responseObject.customerId");
    }

    public static String bot(long customerId, String name) {
        return admin().body(Map.of("name", name)).post("/admin/v1/customers/" + customerId + "/bots")
                .then().statusCode(201).extract().jsonPath().getString("responseObject.botKey");
    }

    /** Creates a key with the given request body; returns {@code responseObject}. */
    public static Map<String, Object> key(long customerId, Map<String, Object> body) {
        return admin().body(body).post("/admin/v1/customers/" + customerId + "/api-keys")
                .then().statusCode(201).extract().jsonPath().getMap("responseObject");
    }

    public static String apiKey(long customerId, Map<String, Object> body) {
        return (String) key(customerId, body).get("apiKey");
    }

    public static String basic(String apiKey) {
        return "Basic " + apiKey;
    }
}
