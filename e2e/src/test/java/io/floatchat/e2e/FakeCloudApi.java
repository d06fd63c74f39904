package io.floatchat.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.restassured.path.json.JsonPath;

import java.util.HashMap;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;

/**
 * A WireMock server (started with global templating) answering as WhatsApp's Cloud API: a send to
 * {@code /v21.0/{phoneNumberId}/messages} is accepted with the recipient echoed and a fresh wamid.
 */
final class FakeCloudApi {

    static final String VERSION = "v21.0";

    private FakeCloudApi() {
    }

    static void acceptsMessagesFor(WireMockServer server, String phoneNumberId) {
        server.stubFor(post(urlEqualTo(messagesPath(phoneNumberId))).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"{{jsonPath request.body '$.to'}}\","
                        + "\"wa_id\":\"{{jsonPath request.body '$.to'}}\"}],"
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=24 type='ALPHANUMERIC'}}\"}]}")));
    }

    /** The body of {@code PUT P/channels/whatsapp} that sends through {@code server} at {@code messagesPerSecond}. */
    static Map<String, Object> channel(String phoneNumberId, WireMockServer server, int messagesPerSecond) {
        return Map.of("phoneNumberId", phoneNumberId, "accessToken", "e2e-token-" + phoneNumberId, "appSecret", "e2e-app-secret",
                "verifyToken", "e2e-verify", "apiBaseUrl", server.baseUrl(), "apiVersion", VERSION,
                "messagesPerSecond", messagesPerSecond);
    }

    /** The sends the server received for {@code phoneNumberId}, by recipient. */
    static Map<String, Integer> sendsByRecipient(WireMockServer server, String phoneNumberId) {
        Map<String, Integer> received = new HashMap<>();
        for (ServeEvent call : server.getAllServeEvents()) {
            if (call.getRequest().getUrl().equals(messagesPath(phoneNumberId))) {
                received.merge(JsonPath.from(call.getRequest().getBodyAsString()).getString("to"), 1, Integer::sum);
            }
        }
        return received;
    }

    private static String messagesPath(String phoneNumberId) {
        return "/" + VERSION + "/" + phoneNumberId + "/messages";
    }
}
