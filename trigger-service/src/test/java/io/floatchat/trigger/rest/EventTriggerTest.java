package io.floatchat.trigger.rest;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Events from Kafka run flows once per event id; bad ones go to the dead-letter topic with their reason. */
@QuarkusTest
class EventTriggerTest {

    @Test
    void anEventRunsItsFlowsOnceAndBadEventsAreDeadLettered() throws Exception {
        FlowsApi api = new FlowsApi();
        api.put("on-form", Map.of("trigger", Map.of("type", "event", "eventType", "form.submitted"),
                "steps", List.of(Map.of("action", "set_attributes", "attributes", Map.of("source", "form")))));
        api.put("on-other", Map.of("trigger", Map.of("type", "event", "eventType", "cart.abandoned"),
                "steps", List.of(Map.of("action", "set_attributes", "attributes", Map.of("source", "cart")))));
        String key = "10001/" + api.botKey();
        try (KafkaConsumer<String, String> dlq = TestKafka.consumer(Topics.TRIGGER_EVENTS_DLQ)) {
            TestKafka.send(Topics.TRIGGER_EVENTS, key, "{this is not json");
            TestKafka.send(Topics.TRIGGER_EVENTS, key, event("e-bad-attr", 10001, api.botKey(), "{\"nested\":{\"a\":1}}"));
            TestKafka.send(Topics.TRIGGER_EVENTS, key, event("e-unknown-bot", 10001, "bot-nobody-created", "{}"));
            // customer 10002 aims an event at customer 10001's bot
            TestKafka.send(Topics.TRIGGER_EVENTS, key, event("e-foreign", 10002, api.botKey(), "{}"));
            // a real bot without a flow for the event runs nothing, and that is no reason for the dead-letter topic
            FlowsApi quiet = new FlowsApi();
            TestKafka.send(Topics.TRIGGER_EVENTS, key, event("e-quiet", 10001, quiet.botKey(), "{}"));
            TestKafka.send(Topics.TRIGGER_EVENTS, key, "{\"eventId\":\"e-no-type\",\"customerId\":10001,\"botKey\":\"" + api.botKey() + "\"}");
            String good = event("e-good-" + UUID.randomUUID(), 10001, api.botKey(), "{\"email\":\"a@example.com\"}");
            TestKafka.send(Topics.TRIGGER_EVENTS, key, good);
            TestKafka.send(Topics.TRIGGER_EVENTS, key, good);

            await().atMost(Duration.ofSeconds(20)).until(() -> api.runsIn("SUCCEEDED") == 1);
            List<JsonPath> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (key.equals(record.key())) {
                        letters.add(JsonPath.from(record.value()));
                    }
                });
                return letters.size() >= 5;
            });
            assertThat(letters).extracting(letter -> letter.getString("reason"))
                    .anySatisfy(reason -> assertThat(reason).startsWith("not JSON"))
                    .anySatisfy(reason -> assertThat(reason).contains("nested"))
                    .anySatisfy(reason -> assertThat(reason).contains("customer 10001 has no bot bot-nobody-created"))
                    .anySatisfy(reason -> assertThat(reason).contains("customer 10002 has no bot " + api.botKey()))
                    .anySatisfy(reason -> assertThat(reason).contains("eventType is required"))
                    .noneSatisfy(reason -> assertThat(reason).contains(quiet.botKey()));
            assertThat(letters).extracting(letter -> letter.getString("consumer")).containsOnly("trigger-service");
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.getString("topic")).isEqualTo(Topics.TRIGGER_EVENTS);
                assertThat(letter.getString("value")).isNotBlank();
                assertThat(letter.getLong("offset")).isNotNegative();
            });
        }
        assertThat(api.runsIn("SUCCEEDED")).isEqualTo(1);
    }

    @Test
    void aBroadcastEventRunsBroadcastEventFlows() {
        FlowsApi api = new FlowsApi();
        api.put("on-read", Map.of("trigger", Map.of("type", "broadcast_event", "event", "message.read"),
                "steps", List.of(Map.of("action", "set_attributes", "attributes", Map.of("engaged", true)))));
        TestKafka.send(Topics.BROADCAST_EVENTS, "bc_1", "{\"eventId\":\"read-1\",\"type\":\"message.read\",\"customerId\":10001,"
                + "\"botKey\":\"" + api.botKey() + "\",\"broadcastId\":\"bc_1\",\"userId\":\"919800000701\","
                + "\"providerMessageId\":\"wamid.1\",\"occurredAt\":1}");
        TestKafka.send(Topics.BROADCAST_EVENTS, "bc_1", "{\"eventId\":\"sent-1\",\"type\":\"message.sent\",\"customerId\":10001,"
                + "\"botKey\":\"" + api.botKey() + "\",\"broadcastId\":\"bc_1\",\"userId\":\"919800000701\",\"occurredAt\":1}");
        await().atMost(Duration.ofSeconds(20)).until(() -> api.runsIn("SUCCEEDED") == 1);
    }

    private static String event(String eventId, long customerId, String botKey, String attributes) {
        return "{\"eventId\":\"" + eventId + "\",\"customerId\":" + customerId + ",\"botKey\":\"" + botKey
                + "\",\"eventType\":\"form.submitted\",\"userId\":\"919800000700\",\"attributes\":" + attributes
                + ",\"occurredAt\":1}";
    }
}
