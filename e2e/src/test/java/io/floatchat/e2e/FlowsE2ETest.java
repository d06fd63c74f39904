package io.floatchat.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
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
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * An API Trigger through the gateway: a signed webhook reaches the CRM, the attributes reach
 * users-service and the message the conversation history.
 */
class FlowsE2ETest {

    private static LocalPlatform platform;
    private static DemoTenant demo;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.shared();
        demo = platform.demoTenant();
    }

    @Test
    void anApiTriggerCallsAWebhookSetsAttributesAndSendsAMessage() throws Exception {
        WireMockServer crm = new WireMockServer(options().dynamicPort());
        crm.start();
        crm.stubFor(post(urlEqualTo("/crm/hook")).willReturn(aResponse().withStatus(204)));
        try {
            String secret = runFlow(crm);
            api().get(prefix() + "/flows/web-form-followup").then().statusCode(200)
                    .body("responseObject.signingSecret", nullValue());
            List<ServeEvent> calls = crm.getAllServeEvents();
            assertThat(calls).hasSize(1);
            String body = calls.get(0).getRequest().getBodyAsString();
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            // the new secret signs first; the one it replaced signs beside it for a day
            assertThat(calls.get(0).getRequest().getHeader("X-FloatChat-Signature"))
                    .startsWith("sha256=" + HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8))));
            assertThat(JsonPath.from(body).getString("attributes.category")).isEqualTo("VIP");
        } finally {
            crm.stop();
        }
    }

    /** Stores and runs the flow; the bot's signing secret, rotated just before the run (the one answer that shows it). */
    private String runFlow(WireMockServer crm) {
        api().body(Map.of("name", "web-form-followup", "trigger", Map.of("type", "api"), "steps", List.of(
                        Map.of("action", "call_webhook", "url", crm.baseUrl() + "/crm/hook", "method", "POST"),
                        Map.of("when", Map.of("attribute", "category", "equals", "VIP"), "action", "set_attributes",
                                "attributes", Map.of("lead_status", "contacted")),
                        Map.of("action", "send_message", "channel", "sandbox",
                                "message", Map.of("type", "text", "text", "Thanks, {{user.name}}! We will call you.")))))
                .put(prefix() + "/flows/web-form-followup").then().statusCode(200);
        String secret = api().post(prefix() + "/flows/web-form-followup/rotate-secret").then().statusCode(200)
                .extract().jsonPath().getString("responseObject.signingSecret");
        api().body(Map.of("name", "Priya", "attributes", Map.of("plan", "trial")))
                .patch(prefix() + "/channel-user/919800000601/attributes").then().statusCode(200);

        String runId = api().body(Map.of("userId", "919800000601", "attributes", Map.of("name", "Priya", "category", "VIP")))
                .post(prefix() + "/flow/web-form-followup").then().statusCode(202)
                .body("responseObject.status", is("ACCEPTED")).extract().jsonPath().getString("responseObject.runId");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get(prefix() + "/flow-runs/" + runId)
                .then().statusCode(200).body("responseObject.status", is("SUCCEEDED")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get(prefix() + "/channel-user/919800000601")
                .then().statusCode(200).body("responseObject.attributes.lead_status", is("contacted")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .get(prefix() + "/channel-user/919800000601/conversations").then().statusCode(200)
                .body("responseObject.messages.text", hasItem("Thanks, Priya! We will call you.")));
        return secret;
    }

    private static String prefix() {
        return E2EPlatform.demoPrefix();
    }

    private static RequestSpecification api() {
        return E2EPlatform.asDemo();
    }
}
