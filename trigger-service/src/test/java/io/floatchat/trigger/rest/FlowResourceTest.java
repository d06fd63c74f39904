package io.floatchat.trigger.rest;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class FlowResourceTest {

    static final Map<String, Object> SET_VIP = Map.of("action", "set_attributes", "attributes", Map.of("lead_status", "contacted"));

    @Test
    void flowsAreStoredListedAndDeleted() {
        FlowsApi api = new FlowsApi();
        api.api().body(Map.of("name", "web-form-followup", "trigger", Map.of("type", "api"), "steps", List.of(SET_VIP)))
                .put(api.path() + "/flows/followup")
                .then().statusCode(200)
                .body("responseObject.flowKey", is("followup"))
                .body("responseObject.name", is("web-form-followup"))
                .body("responseObject.steps[0].action", is("set_attributes"));
        api.put("another", Map.of("trigger", Map.of("type", "event", "eventType", "form.submitted"), "steps", List.of(SET_VIP)));
        api.api().get(api.path() + "/flows").then().statusCode(200)
                .body("responseObject.flows.flowKey", contains("another", "followup"));
        api.api().get(api.path() + "/flows/another").then().body("responseObject.trigger.eventType", is("form.submitted"));
        api.api().delete(api.path() + "/flows/another").then().statusCode(200);
        api.api().get(api.path() + "/flows/another").then().statusCode(404).body("status.code", is(404));
        api.api().delete(api.path() + "/flows/another").then().statusCode(404)
                .body("status.code", is(404)).body("status.desc", is("NOT_FOUND"));
    }

    @Test
    void invalidFlowsAre1001() {
        FlowsApi api = new FlowsApi();
        List<Map<String, Object>> steps21 = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            steps21.add(SET_VIP);
        }
        List<Map<String, Object>> bad = List.of(
                Map.of("trigger", Map.of("type", "cron"), "steps", List.of(SET_VIP)),
                Map.of("trigger", Map.of("type", "event"), "steps", List.of(SET_VIP)),
                Map.of("trigger", Map.of("type", "broadcast_event", "event", "message.bounced"), "steps", List.of(SET_VIP)),
                Map.of("trigger", Map.of("type", "api"), "steps", List.of()),
                Map.of("trigger", Map.of("type", "api"), "steps", steps21),
                Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "launch_rocket"))),
                Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "set_attributes",
                        "attributes", Map.of("bad name", 1)))),
                Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_message", "channel", "fax",
                        "message", Map.of("type", "text", "text", "hi")))),
                Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "set_attributes",
                        "attributes", Map.of("a", 1), "when", Map.of("attribute", "x", "equals", "1", "exists", true)))),
                Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_message", "channel", "sandbox",
                        "message", Map.of("type", "text", "text", "x".repeat(11_000))))));
        for (Map<String, Object> flow : bad) {
            api.api().body(flow).put(api.path() + "/flows/bad").then().statusCode(400)
                    .body("status.code", is(1001)).body("status.details", containsString(""));
        }
        api.api().body(Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_email",
                        "to", "{{user.email}}", "subject", "Hi"))))
                .put(api.path() + "/flows/mail").then().statusCode(400)
                .body("status.details", containsString("body is required"));
        api.api().body(Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "call_webhook",
                        "url", "file:///etc/passwd"))))
                .put(api.path() + "/flows/hook").then().statusCode(400)
                .body("status.details", containsString("absolute http(s) URL"));
        // a flow's message is held to the rules of a broadcast's: WhatsApp takes at most 3 buttons
        api.api().body(Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_message",
                        "channel", "whatsapp", "message", Map.of("type", "interactive", "interactive", Map.of("type", "button",
                                "body", Map.of("text", "Pick one"), "action", Map.of("buttons", List.of(Map.of(), Map.of(),
                                        Map.of(), Map.of()))))))))
                .put(api.path() + "/flows/buttons").then().statusCode(400)
                .body("status.details", is("steps[1]: An interactive button message has 1 to 3 buttons."));
        api.api().get(api.path() + "/flows").then().body("responseObject.flows", org.hamcrest.Matchers.empty());
    }

    @Test
    void aWebhookAimedAtAnInternalAddressOrCarryingCredentialsIsRefusedWhenTheFlowIsStored() {
        FlowsApi api = new FlowsApi();
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://[fe80::1]/x", "http://[64:ff9b::a9fe:a9fe]/x",
                "http://198.18.0.1/x", "http://0.0.0.0:8080/x", "https://user:secret@crm.example.com/hook",
                "https://crm.example.com/hook#fragment")) {
            api.api().body(Map.of("trigger", Map.of("type", "api"), "steps", List.of(SET_VIP, Map.of("action", "call_webhook",
                            "url", url))))
                    .put(api.path() + "/flows/hook").then().statusCode(400)
                    .body("status.code", is(1001))
                    .body("status.details", containsString("steps[2]: url"));
        }
        api.api().get(api.path() + "/flows").then().body("responseObject.flows", org.hamcrest.Matchers.empty());
    }
}
