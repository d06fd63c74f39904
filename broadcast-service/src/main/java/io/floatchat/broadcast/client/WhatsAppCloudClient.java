package io.floatchat.broadcast.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.broadcast.WhatsAppAccount;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.common.outbound.BoundedBody;
import io.floatchat.common.outbound.OutboundAddressGuard;
import io.floatchat.common.outbound.OutboundRefusedException;
import io.floatchat.common.outbound.OutboundUrls;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.core.http.HttpClient;
import io.vertx.mutiny.core.http.HttpClientRequest;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * WhatsApp Cloud API: {@code POST {apiBaseUrl}/{apiVersion}/{phoneNumberId}/messages} with the
 * account's bearer token, in Meta's request shapes for text, interactive and template messages.
 * Rate limits (HTTP 429, error 130429 and kin), server errors and timeouts are retryable; every
 * other error is the recipient's final answer (e.g. 131026: undeliverable).
 */
@ApplicationScoped
public class WhatsAppCloudClient {

    /** Meta's throttling and transient codes: worth another try after a pause. */
    private static final Set<Integer> RETRYABLE_CODES = Set.of(1, 2, 4, 80007, 130429, 131000, 131048, 131056, 133004);

    /** Meta's answers are small; beyond this a peer's body is read and dropped, never held. */
    private static final int MAX_ANSWER_CHARS = 64 * 1024;
    /** What a recipient's stored error keeps of the provider's message. */
    private static final int MAX_ERROR_MESSAGE = 500;

    private final ProviderConnections connections;
    private final ObjectMapper objectMapper;
    private final OutboundAddressGuard guard;
    private final long timeoutMillis;

    public WhatsAppCloudClient(ProviderConnections connections, ObjectMapper objectMapper, OutboundAddressGuard guard,
                               BroadcastConfig config) {
        this.connections = connections;
        this.objectMapper = objectMapper;
        this.guard = guard;
        this.timeoutMillis = config.providerTimeout().toMillis();
    }

    /**
     * Sends through the outbound guard: the account's API base URL (which its bot configured) is
     * vetted again for this connection, and the request goes to the address vetted. The whole call —
     * finding its address, connecting, the answer's head and its body — has {@code floatchat.broadcast.provider-timeout};
     * past it the request is reset and the send counts as a timeout (retried). The connection is the
     * account's own ({@link ProviderConnections}).
     */
    public Uni<SendResult> send(WhatsAppAccount account, String to, JsonNode message, JsonNode parameters) {
        String url = account.apiBaseUrl().replaceAll("/+$", "") + "/" + account.apiVersion() + "/"
                + account.phoneNumberId() + "/messages";
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        HttpClient http = connections.of(account.phoneNumberId());
        // one deadline over all of it, the address lookup too: a tenant's slow name server is a slow provider
        return guard.vet(url, OutboundUrls.Kind.ENDPOINT)
                .flatMap(destination -> http.request(new RequestOptions().setMethod(HttpMethod.POST)
                                .setServer(destination.server()).setHost(destination.host()).setPort(destination.port())
                                .setSsl(destination.https()).setURI(destination.pathAndQuery())
                                .setIdleTimeout(timeoutMillis)
                                .putHeader("Authorization", "Bearer " + account.accessToken())
                                .putHeader("Content-Type", "application/json"))
                        .invoke(sent::set)
                        .flatMap(request -> request.send(Buffer.buffer(body(to, message, parameters).toString())))
                        .flatMap(response -> BoundedBody.read(response, MAX_ANSWER_CHARS)
                                .map(body -> interpret(response.statusCode(), body))))
                .ifNoItem().after(Duration.ofMillis(timeoutMillis)).failWith(() -> {
                    HttpClientRequest request = sent.get();
                    if (request != null) {
                        request.reset();
                    }
                    return new TimeoutException("no whole answer within " + timeoutMillis + " ms");
                })
                // a name server without an answer now may have one later: the send is tried again, unlike a refusal
                .onFailure(OutboundAddressGuard::isUnresolved).recoverWithItem(unresolved -> SendResult.failed("NETWORK",
                        "The channel's apiBaseUrl " + unresolved.getMessage() + " now.", true))
                .onFailure(OutboundRefusedException.class).recoverWithItem(refused -> SendResult.failed("DESTINATION_REFUSED",
                        "The channel's apiBaseUrl is not called: " + refused.getMessage() + ".", false))
                .onFailure().recoverWithItem(failure -> SendResult.failed("NETWORK",
                        bounded("WhatsApp Cloud API unreachable: " + failure.getMessage()), true));
    }

    /**
     * Meta's body: {@code messaging_product}, {@code to}, {@code type} and the message object of that
     * type; a recipient's own parameters become the template's body parameters {{1}}, {{2}}, ...
     */
    ObjectNode body(String to, JsonNode message, JsonNode parameters) {
        String type = message.path("type").asText();
        ObjectNode body = objectMapper.createObjectNode()
                .put("messaging_product", "whatsapp")
                .put("recipient_type", "individual")
                .put("to", to)
                .put("type", type);
        switch (type) {
            case "text" -> body.putObject("text").put("preview_url", false).put("body", message.path("text").asText());
            case "interactive" -> body.set("interactive", message.path("interactive"));
            default -> body.set("template", withBodyParameters(message.path("template"), parameters));
        }
        return body;
    }

    private JsonNode withBodyParameters(JsonNode template, JsonNode parameters) {
        if (parameters == null || !parameters.isArray() || parameters.isEmpty()) {
            return template;
        }
        ObjectNode filled = template.deepCopy();
        ArrayNode components = filled.withArray("components");
        for (int i = components.size() - 1; i >= 0; i--) {
            if ("body".equalsIgnoreCase(components.get(i).path("type").asText())) {
                components.remove(i);
            }
        }
        ArrayNode values = components.addObject().put("type", "body").putArray("parameters");
        parameters.forEach(value -> values.addObject().put("type", "text").put("text", value.asText()));
        return filled;
    }

    private SendResult interpret(int status, String body) {
        JsonNode json;
        try {
            json = objectMapper.readTree(body);
        } catch (Exception notJson) {
            json = objectMapper.createObjectNode();
        }
        String id = json.path("messages").path(0).path("id").asText(null);
        if (status >= 200 && status < 300 && id != null) {
            return SendResult.sent(id);
        }
        JsonNode error = json.path("error");
        int code = error.path("code").asInt(0);
        String message = error.path("message").asText("HTTP " + status);
        String detail = error.path("error_data").path("details").asText(null);
        boolean retryable = status == 429 || status >= 500 || RETRYABLE_CODES.contains(code);
        return SendResult.failed(code == 0 ? "HTTP_" + status : Integer.toString(code),
                bounded(detail == null ? message : message + ": " + detail), retryable);
    }

    private static String bounded(String message) {
        return message.length() <= MAX_ERROR_MESSAGE ? message : message.substring(0, MAX_ERROR_MESSAGE) + "...";
    }
}
