package io.floatchat.e2e;

import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** An API Trigger through the gateway: its attributes reach users-service and its message the history. */
class FlowsE2ETest {

    private static LocalPlatform platform;
    private static DemoTenant demo;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.shared();
        demo = platform.demoTenant();
    }

    @Test
    void anApiTriggerSetsAttributesAndSendsAMessage() {
        api().body(Map.of("name", "web-form-followup", "trigger", Map.of("type", "api"), "steps", List.of(
                        Map.of("when", Map.of("attribute", "category", "equals", "VIP"), "action", "set_attributes",
                                "attributes", Map.of("lead_status", "contacted")),
                        Map.of("action", "send_message", "channel", "sandbox",
                                "message", Map.of("type", "text", "text", "Thanks, {{user.name}}! We will call you.")))))
                .put(prefix() + "/flows/web-form-followup").then().statusCode(200);
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
    }

    private static String prefix() {
        return "/bot-api/v1.0/customer/" + demo.customerId() + "/bot/" + demo.botKey();
    }

    private static RequestSpecification api() {
        return given().baseUri(platform.gatewayUrl()).header("Authorization", "Basic " + demo.apiKey())
                .contentType(ContentType.JSON);
    }
}
