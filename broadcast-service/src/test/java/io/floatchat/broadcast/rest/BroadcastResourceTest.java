package io.floatchat.broadcast.rest;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.PrometheusMetrics;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

@QuarkusTest
class BroadcastResourceTest {

    private static final Map<String, Object> TEXT = Map.of("type", "text", "text", "Diwali offer: 20% off");

    @Test
    void aSandboxBroadcastSendsToEveryRecipientOnceAndRecordsTheHistory() {
        BroadcastsApi api = new BroadcastsApi();
        double sentBefore = PrometheusMetrics.value("floatchat_broadcast_recipients_total", "status", "sent");
        double lagsBefore = PrometheusMetrics.value("floatchat_broadcast_dispatch_lag_seconds_count");
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.MESSAGES, Topics.BROADCAST_EVENTS)) {
            JsonPath accepted = api.create(Map.of("name", "diwali-offer", "channel", "sandbox",
                    "channelUserIds", List.of("9178921978038123", "9190193486731", "9178921978038123"), "message", TEXT));
            String id = accepted.getString("responseObject.broadcastId");
            assertThat(accepted.getString("responseObject.status")).isEqualTo("RUNNING");
            assertThat(accepted.getInt("responseObject.recipientCount")).isEqualTo(2);

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get(id).getString("responseObject.status"))
                    .isEqualTo("COMPLETED"));
            JsonPath broadcast = api.get(id);
            assertThat(broadcast.getMap("responseObject.counts")).containsEntry("total", 2).containsEntry("sent", 2)
                    .containsEntry("pending", 0).containsEntry("failed", 0);
            assertThat(broadcast.getLong("responseObject.startedAt")).isNotNull();
            api.writer().get(api.path() + "/broadcasts/" + id + "/recipients")
                    .then().statusCode(200)
                    .body("responseObject.totalCount", is(2))
                    .body("responseObject.recipients.status", everyItem(is("SENT")))
                    .body("responseObject.recipients.providerMessageId", everyItem(startsWith("sandbox.")))
                    .body("responseObject.recipients[0].error", is((Object) null));

            List<JsonPath> outbound = new ArrayList<>();
            List<String> lifecycle = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonPath event = JsonPath.from(record.value());
                    if (record.topic().equals(Topics.MESSAGES) && id.equals(event.getString("broadcastId"))) {
                        outbound.add(event);
                    } else if (record.topic().equals(Topics.BROADCAST_EVENTS) && id.equals(record.key())) {
                        lifecycle.add(event.getString("type"));
                    }
                }
                return outbound.size() >= 2 && lifecycle.contains("broadcast.completed");
            });
            assertThat(outbound).hasSize(2).allSatisfy(event -> {
                assertThat(event.getString("direction")).isEqualTo("OUTBOUND");
                assertThat(event.getString("text")).isEqualTo("Diwali offer: 20% off");
            });
            assertThat(lifecycle).containsSubsequence("broadcast.started", "message.sent", "message.sent", "broadcast.completed");
        }
        assertThat(PrometheusMetrics.value("floatchat_broadcast_recipients_total", "status", "sent"))
                .isGreaterThanOrEqualTo(sentBefore + 2);
        assertThat(PrometheusMetrics.value("floatchat_broadcast_dispatch_lag_seconds_count"))
                .isGreaterThanOrEqualTo(lagsBefore + 2);
    }

    @Test
    void aScheduledBroadcastCanBeCancelledAndThenSendsNothing() {
        BroadcastsApi api = new BroadcastsApi();
        long inAnHour = System.currentTimeMillis() + 3_600_000;
        JsonPath accepted = api.create(Map.of("name", "later", "channel", "sandbox", "channelUserIds", List.of("1", "2"),
                "message", TEXT, "scheduledAt", inAnHour));
        String id = accepted.getString("responseObject.broadcastId");
        assertThat(accepted.getString("responseObject.status")).isEqualTo("SCHEDULED");
        assertThat(accepted.getLong("responseObject.scheduledAt")).isEqualTo(inAnHour);

        api.writer().delete(api.path() + "/broadcasts/" + id).then().statusCode(200)
                .body("responseObject.status", is("CANCELLED"))
                .body("responseObject.counts.cancelled", is(2));
        api.writer().delete(api.path() + "/broadcasts/" + id).then().statusCode(409)
                .body("status.code", is(1006)).body("status.desc", is("CONFLICT"));
        api.writer().get(api.path() + "/broadcasts/" + id + "/recipients?status=CANCELLED")
                .then().body("responseObject.totalCount", is(2));
    }

    @Test
    void isoScheduleTimesAreUnderstood() {
        BroadcastsApi api = new BroadcastsApi();
        JsonPath accepted = api.create(Map.of("name", "iso", "channel", "sandbox", "channelUserIds", List.of("1"),
                "message", TEXT, "scheduledAt", "2099-01-01T09:00:00+05:30"));
        assertThat(accepted.getLong("responseObject.scheduledAt")).isEqualTo(4070921400000L); // 2099-01-01T03:30:00Z
    }

    @Test
    void aBroadcastStartsWithinTwoSecondsOfItsTime() {
        BroadcastsApi api = new BroadcastsApi();
        long at = System.currentTimeMillis() + 1_500;
        String id = api.create(Map.of("name", "soon", "channel", "sandbox", "channelUserIds", List.of("1"),
                "message", TEXT, "scheduledAt", at)).getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get(id).getString("responseObject.status"))
                .isEqualTo("COMPLETED"));
        assertThat(api.get(id).getLong("responseObject.startedAt") - at).isBetween(0L, 2_000L);
    }

    @Test
    void anIdempotencyKeyReplaysTheFirstResponseAndRejectsAnotherBody() {
        BroadcastsApi api = new BroadcastsApi();
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "once", "channel", "sandbox", "channelUserIds", List.of("1"),
                "message", TEXT, "scheduledAt", System.currentTimeMillis() + 3_600_000);
        String first = api.writer().header("Idempotency-Key", key).body(body).post(api.path() + "/broadcasts")
                .then().statusCode(202).extract().jsonPath().getString("responseObject.broadcastId");
        api.writer().header("Idempotency-Key", key).body(body).post(api.path() + "/broadcasts")
                .then().statusCode(202).body("responseObject.broadcastId", is(first));
        api.writer().header("Idempotency-Key", key).body(Map.of("name", "other", "channel", "sandbox",
                        "channelUserIds", List.of("2"), "message", TEXT)).post(api.path() + "/broadcasts")
                .then().statusCode(409).body("status.code", is(1006));
        api.writer().get(api.path() + "/broadcasts").then().statusCode(200)
                .body("responseObject.totalCount", is(1))
                .body("responseObject.broadcasts[0].broadcastId", is(first));
    }

    @Test
    void invalidBroadcastsAre1001AndStoreNothing() {
        BroadcastsApi api = new BroadcastsApi();
        List<String> tooMany = new ArrayList<>();
        for (int i = 0; i < 100_001; i++) {
            tooMany.add(Integer.toString(i));
        }
        List<Map<String, Object>> bad = List.of(
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of(), "message", TEXT),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", tooMany, "message", TEXT),
                Map.of("name", "n", "channel", "telegram", "channelUserIds", List.of("1"), "message", TEXT),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("has space"), "message", TEXT),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("1"), "message", Map.of("type", "text")),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("1"), "message", Map.of("type", "video")),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("1"), "message", Map.of("type", "interactive",
                        "interactive", Map.of("type", "button", "body", Map.of("text", "Pick"), "action", Map.of("buttons",
                                List.of(Map.of(), Map.of(), Map.of(), Map.of()))))),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("1"), "message", Map.of("type", "template",
                        "template", Map.of("language", Map.of("code", "en")))),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("1"), "message", TEXT, "scheduledAt", "tomorrow"),
                Map.of("name", "n", "channel", "whatsapp", "channelUserIds", List.of("1"), "message", TEXT),
                Map.of("name", "n", "channel", "sandbox", "audience", Map.of("attribute_value", "1"), "message", TEXT),
                Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("1"),
                        "audience", Map.of("attribute_name", "a", "attribute_value", "1"), "message", TEXT));
        for (Map<String, Object> body : bad) {
            api.writer().body(body).post(api.path() + "/broadcasts")
                    .then().statusCode(400).body("status.code", is(1001)).body("status.details", notNullValue());
        }
        api.writer().get(api.path() + "/broadcasts").then().body("responseObject.totalCount", is(0));
    }

    @Test
    void unknownBroadcastsAre404AndScopesAreChecked() {
        BroadcastsApi api = new BroadcastsApi();
        api.writer().get(api.path() + "/broadcasts/bc_nope").then().statusCode(404).body("status.code", is(404));
        api.writer().delete(api.path() + "/broadcasts/bc_nope").then().statusCode(404)
                .body("status.code", is(404)).body("status.desc", is("NOT_FOUND"));
        api.as("broadcasts:read").body(Map.of("name", "n", "channel", "sandbox", "channelUserIds", List.of("1"),
                "message", TEXT)).post(api.path() + "/broadcasts").then().statusCode(403)
                .body("status.code", is(403)).body("status.desc", is("FORBIDDEN"));
    }

}
