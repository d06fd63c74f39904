package io.floatchat.bench;

import io.vertx.core.http.HttpMethod;

import java.util.Map;

/** A customer, a bot and an API key with the highest rate limit the API allows, made through the admin API. */
record Tenant(long customerId, String botKey, String apiKey) {

    static Tenant create(Http http, String gatewayUrl, String name) {
        Map<String, String> admin = Map.of("Authorization", "Bearer " + BenchPlatform.ADMIN_TOKEN);
        long customerId = http.json(HttpMethod.POST, gatewayUrl + "/admin/v1/customers", admin,
                "{\"name\":\"" + name + "\"}").path("responseObject").path("customerId").asLong();
        String botKey = http.json(HttpMethod.POST, gatewayUrl + "/admin/v1/customers/" + customerId + "/bots", admin,
                "{\"name\":\"" + name + "-bot\"}").path("responseObject").path("botKey").asText();
        String apiKey = http.json(HttpMethod.POST, gatewayUrl + "/admin/v1/customers/" + customerId + "/api-keys", admin,
                "{\"name\":\"bench\",\"rateLimitPerSecond\":10000}").path("responseObject").path("apiKey").asText();
        return new Tenant(customerId, botKey, apiKey);
    }

    String prefix() {
        return "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey;
    }

    Map<String, String> basic() {
        return Map.of("Authorization", "Basic " + apiKey);
    }
}
