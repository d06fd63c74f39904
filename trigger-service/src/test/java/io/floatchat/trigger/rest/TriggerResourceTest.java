package io.floatchat.trigger.rest;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.PrometheusMetrics;
import io.floatchat.testing.TestKafka;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.vertx.core.json.JsonObject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class TriggerResourceTest {

    private static final Map<String, Object> FLOW = Map.of("name", "lead", "trigger", Map.of("type", "api"), "steps", List.of(
            Map.of("when", Map.of("attribute", "category", "equals", "VIP"), "action", "set_attributes",
                    "attributes", Map.of("lead_status", "vip-contacted")),
            Map.of("when", Map.of("attribute", "category", "in", List.of("VIP", "Gold")), "action", "send_message",
                    "channel", "sandbox", "message", Map.of("type", "text", "text", "Thanks for signing up")),
            Map.of("action", "set_attributes", "attributes", Map.of("source", "web-form"))));

    @Test
    void aMessageThatFillsInBeyondItsBoundFailsItsStepAndIsNeverPublished() {
        FlowsApi api = new FlowsApi();
        api.put("huge", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_message",
                "channel", "sandbox", "message", Map.of("type", "text", "text", "{{user.big}}".repeat(300))))));
        api.put("small", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_message",
                "channel", "sandbox", "message", Map.of("type", "text", "text", "Hi {{user.name}}")))));
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.BROADCAST_REQUESTS)) {
            JsonPath huge = api.finished(api.trigger("huge", Map.of("userId", "919800000511",
                    "attributes", Map.of("big", "x".repeat(1_000)))));
            assertThat(huge.getString("responseObject.status")).isEqualTo("FAILED");
            assertThat(huge.getString("responseObject.steps[0].status")).isEqualTo("FAILED");
            assertThat(huge.getString("responseObject.steps[0].error")).startsWith("once filled in, message is ")
                    .contains("bytes as JSON; at most 65536");
            // the same bot's requests share a partition: the small one arriving first means the huge one never went out
            String small = api.trigger("small", Map.of("userId", "919800000512", "attributes", Map.of("name", "Asha")));
            List<String> published = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(api.botKey())) {
                        published.add(record.value());
                    }
                });
                return !published.isEmpty();
            });
            assertThat(published.get(0)).contains(small).contains("Hi Asha");
        }
    }

    @Test
    void aTriggerRunsTheStepsInOrderAndPublishesTheirEffects() {
        FlowsApi api = new FlowsApi();
        api.put("lead", FLOW);
        double succeededBefore = PrometheusMetrics.value("floatchat_trigger_flow_runs_total", "status", "SUCCEEDED");
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.USER_ATTRIBUTES, Topics.BROADCAST_REQUESTS)) {
            String runId = api.trigger("lead", Map.of("userId", "919800000501",
                    "attributes", Map.of("name", "Asha", "email", "asha@example.com", "category", "VIP")));
            JsonPath run = api.finished(runId);
            assertThat(run.getString("responseObject.status")).isEqualTo("SUCCEEDED");
            // counted right after the run's last commit, which the API already shows
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                    PrometheusMetrics.value("floatchat_trigger_flow_runs_total", "status", "SUCCEEDED"))
                    .isGreaterThanOrEqualTo(succeededBefore + 1));
            assertThat(run.getList("responseObject.steps.status")).containsExactly("SUCCEEDED", "SUCCEEDED", "SUCCEEDED");
            assertThat(run.getList("responseObject.steps.action")).containsExactly("set_attributes", "send_message", "set_attributes");
            assertThat(run.getString("responseObject.flowKey")).isEqualTo("lead");
            assertThat(run.getLong("responseObject.finishedAt")).isNotNull();

            List<ConsumerRecord<String, String>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value().contains(runId)) {
                        records.add(record);
                    }
                });
                return records.size() >= 3;
            });
            // one user's attribute changes keep their order on their key; the send request has its own topic
            List<JsonPath> attributeEvents = records.stream().filter(record -> record.topic().equals(Topics.USER_ATTRIBUTES))
                    .map(record -> JsonPath.from(record.value())).toList();
            List<ConsumerRecord<String, String>> requests = records.stream()
                    .filter(record -> record.topic().equals(Topics.BROADCAST_REQUESTS)).toList();
            assertThat(attributeEvents).extracting(event -> event.getString("attributes.lead_status") + "/"
                    + event.getString("attributes.source")).containsExactly("vip-contacted/null", "null/web-form");
            assertThat(attributeEvents.get(0).getString("userId")).isEqualTo("919800000501");
            assertThat(records.stream().filter(record -> record.topic().equals(Topics.USER_ATTRIBUTES)))
                    .allSatisfy(record -> assertThat(record.key()).isEqualTo(api.botKey() + "/919800000501"));
            assertThat(requests).hasSize(1);
            JsonPath request = JsonPath.from(requests.get(0).value());
            assertThat(request.getList("userIds")).containsExactly("919800000501");
            assertThat(request.getString("channel")).isEqualTo("sandbox");
            assertThat(request.getString("message.text")).isEqualTo("Thanks for signing up");
            assertThat(request.getString("flowKey")).isEqualTo("lead");
        }
    }

    @Test
    void aFalseConditionSkipsTheStepAndFlatBodiesAndFormsAreAttributes() {
        FlowsApi api = new FlowsApi();
        api.put("lead", FLOW);
        JsonPath flat = api.finished(api.trigger("lead", Map.of("userId", "919800000502", "category", "Gold")));
        assertThat(flat.getList("responseObject.steps.status")).containsExactly("SKIPPED", "SUCCEEDED", "SUCCEEDED");

        String formRun = api.api().contentType("application/x-www-form-urlencoded")
                .formParam("userId", "919800000503").formParam("category", "Basic")
                .post(api.path() + "/flow/lead").then().statusCode(202).extract().jsonPath().getString("responseObject.runId");
        assertThat(api.finished(formRun).getList("responseObject.steps.status")).containsExactly("SKIPPED", "SKIPPED", "SUCCEEDED");
    }

    @Test
    void aStepThatNeedsAUserFailsTheRunWithItsReason() {
        FlowsApi api = new FlowsApi();
        api.put("lead", FLOW);
        double failedBefore = PrometheusMetrics.value("floatchat_trigger_flow_runs_total", "status", "FAILED");
        JsonPath run = api.finished(api.trigger("lead", Map.of("category", "Basic")));
        assertThat(run.getString("responseObject.status")).isEqualTo("FAILED");
        // counted right after the run's last commit, which the API already shows
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(
                PrometheusMetrics.value("floatchat_trigger_flow_runs_total", "status", "FAILED"))
                .isGreaterThanOrEqualTo(failedBefore + 1));
        assertThat(run.getList("responseObject.steps.status")).containsExactly("SKIPPED", "SKIPPED", "FAILED");
        assertThat(run.getString("responseObject.steps[2].error")).contains("userId");
    }

    @Test
    void anIdempotencyKeyReturnsTheFirstRun() {
        FlowsApi api = new FlowsApi();
        api.put("lead", FLOW);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("userId", "919800000504", "attributes", Map.of("category", "VIP"));
        String first = api.api().header("Idempotency-Key", key).body(body).post(api.path() + "/flow/lead")
                .then().statusCode(202).body("responseObject.status", is("ACCEPTED"))
                .extract().jsonPath().getString("responseObject.runId");
        api.api().header("Idempotency-Key", key).body(body).post(api.path() + "/flow/lead")
                .then().statusCode(202).body("responseObject.runId", is(first));
        api.api().header("Idempotency-Key", key).body(Map.of("userId", "other")).post(api.path() + "/flow/lead")
                .then().statusCode(409).body("status.code", is(1006));
    }

    @Test
    void anIdempotencyKeyInTheNamespaceOfEventsOrTooLongIsRefusedAs1001() {
        FlowsApi api = new FlowsApi();
        api.put("lead", FLOW);
        Map<String, Object> body = Map.of("userId", "919800000505");
        api.api().header("Idempotency-Key", "request:evt-1").body(body).post(api.path() + "/flow/lead")
                .then().statusCode(400).body("status.code", is(1001));
        api.api().header("Idempotency-Key", "k".repeat(256)).body(body).post(api.path() + "/flow/lead")
                .then().statusCode(400).body("status.code", is(1001));
    }

    @Test
    void unknownFlowsAndRunsAre404AndBadBodiesAre1001() {
        FlowsApi api = new FlowsApi();
        api.put("lead", FLOW);
        api.api().body(Map.of("userId", "1")).post(api.path() + "/flow/nope").then().statusCode(404).body("status.code", is(404));
        api.api().get(api.path() + "/flow-runs/run_nope").then().statusCode(404)
                .body("status.code", is(404)).body("status.desc", is("NOT_FOUND"));
        api.api().body(Map.of("userId", "has space")).post(api.path() + "/flow/lead").then().statusCode(400)
                .body("status.code", is(1001));
        api.api().body(Map.of("attributes", Map.of("nested", Map.of("a", 1)))).post(api.path() + "/flow/lead")
                .then().statusCode(400).body("status.code", is(1001));
        FlowsApi other = new FlowsApi();
        String runId = api.trigger("lead", Map.of("userId", "919800000505"));
        other.api().get(other.path() + "/flow-runs/" + runId).then().statusCode(404)
                .body("status.code", is(404)).body("status.desc", is("NOT_FOUND"));
    }

    @Test
    void aRunWhoseExecutorStoppedIsResumedWhereItStopped() throws Exception {
        FlowsApi api = new FlowsApi();
        String runId = "run_resume_" + UUID.randomUUID().toString().substring(0, 8);
        String definition = new JsonObject(Map.of("trigger", Map.of("type", "api"), "steps", List.of(
                Map.of("action", "set_attributes", "attributes", Map.of("step", "one")),
                Map.of("action", "set_attributes", "attributes", Map.of("step", "two"))))).encode();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.USER_ATTRIBUTES, Topics.BROADCAST_REQUESTS)) {
            try (Connection connection = EmbeddedPostgresServer.connect();
                 PreparedStatement insert = connection.prepareStatement("INSERT INTO trigger.flow_run (id, customer_id, bot_key, "
                         + "flow_key, user_id, attributes, definition, status, steps, lease_until, claim, created_at) VALUES (?, 10001, ?, "
                         + "'resumed', '919800000506', '{}', ?::jsonb, 'RUNNING', "
                         + "'[{\"action\":\"set_attributes\",\"status\":\"SUCCEEDED\",\"attempts\":1,\"error\":null}]', 1, 1, 1)")) {
                insert.setString(1, runId);
                insert.setString(2, api.botKey());
                insert.setString(3, definition);
                insert.executeUpdate();
            }
            JsonPath run = api.finished(runId);
            assertThat(run.getList("responseObject.steps.status")).containsExactly("SUCCEEDED", "SUCCEEDED");
            List<String> published = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.value().contains(runId)) {
                        published.add(JsonPath.from(record.value()).getString("attributes.step"));
                    }
                });
                return !published.isEmpty();
            });
            assertThat(published).containsExactly("two");
        }
    }

}
