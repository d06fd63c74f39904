package io.floatchat.trigger.rest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;

/** call_webhook against a real HTTP receiver (WireMock): signed body, retries, failures, refused redirects. */
@QuarkusTest
class WebhookActionTest {

    private static final WireMockServer RECEIVER = start();

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    @Test
    void theReceiverGetsTheRunSignedWithTheBotsSecret() throws Exception {
        FlowsApi api = new FlowsApi();
        RECEIVER.stubFor(post(urlEqualTo("/hook/" + api.botKey())).inScenario(api.botKey()).whenScenarioStateIs(STARTED)
                .willSetStateTo("up").willReturn(aResponse().withStatus(503)));
        RECEIVER.stubFor(post(urlEqualTo("/hook/" + api.botKey())).inScenario(api.botKey()).whenScenarioStateIs("up")
                .willReturn(aResponse().withStatus(200).withBody("ok")));
        String secret = api.api().body(Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action",
                        "call_webhook", "url", RECEIVER.baseUrl() + "/hook/" + api.botKey()))))
                .put(api.path() + "/flows/crm").then().statusCode(200).extract().jsonPath()
                .getString("responseObject.signingSecret");
        assertThat(secret).startsWith("whsec_");

        String runId = api.trigger("crm", Map.of("userId", "919800000801", "attributes", Map.of("plan", "gold")));
        JsonPath run = api.finished(runId);
        assertThat(run.getString("responseObject.status")).isEqualTo("SUCCEEDED");
        assertThat(run.getInt("responseObject.steps[0].attempts")).isEqualTo(2);

        List<ServeEvent> calls = RECEIVER.getAllServeEvents().stream()
                .filter(call -> call.getRequest().getUrl().equals("/hook/" + api.botKey())).toList();
        assertThat(calls).hasSize(2);
        String body = calls.get(0).getRequest().getBodyAsString();
        JsonPath received = JsonPath.from(body);
        assertThat(received.getString("flowKey")).isEqualTo("crm");
        assertThat(received.getString("runId")).isEqualTo(runId);
        assertThat(received.getString("userId")).isEqualTo("919800000801");
        assertThat(received.getString("attributes.plan")).isEqualTo("gold");
        assertThat(calls.get(0).getRequest().getHeader("X-FloatChat-Signature")).isEqualTo("sha256=" + hmac(body, secret));
    }

    @Test
    void aClientErrorFailsTheRunAndARedirectToMetadataIsRefused() {
        FlowsApi api = new FlowsApi();
        RECEIVER.stubFor(post(urlEqualTo("/gone/" + api.botKey())).willReturn(aResponse().withStatus(404).withBody("no such hook")));
        RECEIVER.stubFor(post(urlEqualTo("/sneaky/" + api.botKey())).willReturn(aResponse().withStatus(302)
                .withHeader("Location", "http://169.254.169.254/latest/meta-data/")));
        api.put("gone", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "call_webhook",
                "url", RECEIVER.baseUrl() + "/gone/" + api.botKey()))));
        api.put("sneaky", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "call_webhook",
                "url", RECEIVER.baseUrl() + "/sneaky/" + api.botKey()))));

        JsonPath gone = api.finished(api.trigger("gone", Map.of("userId", "1")));
        assertThat(gone.getString("responseObject.status")).isEqualTo("FAILED");
        assertThat(gone.getString("responseObject.steps[0].error")).contains("HTTP 404").contains("no such hook");
        assertThat(gone.getInt("responseObject.steps[0].attempts")).isEqualTo(1);

        JsonPath sneaky = api.finished(api.trigger("sneaky", Map.of("userId", "1")));
        assertThat(sneaky.getString("responseObject.status")).isEqualTo("FAILED");
        assertThat(sneaky.getString("responseObject.steps[0].error")).startsWith("refused http://169.254.169.254/")
                .contains("link-local");
    }

    @Test
    void aReceiverThatAnswersAByteAtATimeIsCutOffAtTheDeadline() {
        FlowsApi api = new FlowsApi();
        RECEIVER.stubFor(post(urlEqualTo("/slow/" + api.botKey())).willReturn(aResponse().withStatus(200)
                .withBody("o".repeat(50)).withChunkedDribbleDelay(50, 60_000)));
        api.put("slow", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "call_webhook",
                "url", RECEIVER.baseUrl() + "/slow/" + api.botKey()))));
        long started = System.nanoTime();
        JsonPath run = api.finished(api.trigger("slow", Map.of("userId", "1")), Duration.ofSeconds(40));
        assertThat(run.getString("responseObject.status")).isEqualTo("FAILED");
        assertThat(run.getString("responseObject.steps[0].error")).contains("no whole answer");
        assertThat(run.getInt("responseObject.steps[0].attempts")).isEqualTo(3);
        // three attempts of 5 s and their backoff, not the minute the receiver would take
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(30));
    }

    private static String hmac(String body, String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
