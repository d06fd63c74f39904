package io.floatchat.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;

/**
 * The customer, bot and API key that {@code ./floatchat up} makes on first start through the
 * operator API, so there is something to call at once. Kept in {@code demo.properties} (mode 600)
 * in the data directory: the key's secret exists nowhere else.
 */
public record DemoTenant(long customerId, String botKey, String apiKey) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static DemoTenant loadOrCreate(Path file, String gatewayUrl, String adminToken) {
        if (Files.exists(file)) {
            return load(file);
        }
        long customerId = post(gatewayUrl + "/admin/v1/customers", adminToken, Map.of("name", "Demo customer"))
                .get("customerId").asLong();
        String botKey = post(gatewayUrl + "/admin/v1/customers/" + customerId + "/bots", adminToken,
                Map.of("name", "demo-bot")).get("botKey").asText();
        String apiKey = post(gatewayUrl + "/admin/v1/customers/" + customerId + "/api-keys", adminToken,
                Map.of("name", "demo")).get("apiKey").asText();
        DemoTenant demo = new DemoTenant(customerId, botKey, apiKey);
        demo.save(file);
        return demo;
    }

    /** A request that works as printed. */
    public String curl(String gatewayUrl) {
        return "curl -s -H 'Authorization: Basic " + apiKey + "' \\\n    '" + gatewayUrl + "/bot-api/v1.0/customer/"
                + customerId + "/bot/" + botKey + "/users?attribute_name=plan&attribute_value=gold'";
    }

    private static JsonNode post(String url, String adminToken, Map<String, String> body) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(10))
                    .header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new LaunchException("Creating the demo tenant failed: " + url + " answered "
                        + response.statusCode() + "; see the gateway log.");
            }
            return JSON.readTree(response.body()).get("responseObject");
        } catch (IOException e) {
            throw new LaunchException("Creating the demo tenant failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Interrupted while creating the demo tenant.");
        }
    }

    private void save(Path file) {
        Properties properties = new Properties();
        properties.setProperty("customerId", Long.toString(customerId));
        properties.setProperty("botKey", botKey);
        properties.setProperty("apiKey", apiKey);
        StringWriter text = new StringWriter();
        try {
            properties.store(text, "created by ./floatchat up on first start");
            DataDirectory.writeSecret(file, text.toString());
        } catch (IOException e) {
            throw new LaunchException("Cannot write " + file + ": set FLOATCHAT_DATA_DIR to a writable folder.", e);
        }
    }

    private static DemoTenant load(Path file) {
        Properties properties = new Properties();
        try {
            properties.load(new StringReader(Files.readString(file)));
            return new DemoTenant(Long.parseLong(properties.getProperty("customerId")),
                    properties.getProperty("botKey"), properties.getProperty("apiKey"));
        } catch (IOException | RuntimeException e) {
            throw new LaunchException(file + " is damaged: delete it and a new demo tenant is made at the next start.", e);
        }
    }
}
