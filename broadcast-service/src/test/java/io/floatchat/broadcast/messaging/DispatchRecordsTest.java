package io.floatchat.broadcast.messaging;

import io.floatchat.broadcast.rest.BroadcastsApi;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.BroadcastDispatchEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The dispatch topic: a record per group of recipients, and a record of the first version still delivered. */
@QuarkusTest
class DispatchRecordsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Object> TEXT = Map.of("type", "text", "text", "Flash sale today");

    @Test
    void aBroadcastIsDispatchedAHundredRecipientsPerRecordAndEachIsSentOnce() throws Exception {
        BroadcastsApi api = new BroadcastsApi();
        List<String> users = phoneNumbers("9177000", 250);
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.BROADCAST_DISPATCH)) {
            String id = api.create(Map.of("name", "grouped", "channel", "sandbox", "channelUserIds", users, "message", TEXT))
                    .getString("responseObject.broadcastId");

            List<ConsumerRecord<String, String>> dispatched = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (id.equals(JsonPath.from(record.value()).getString("broadcastId"))) {
                        dispatched.add(record);
                    }
                });
                return dispatched.size() >= 3;
            });
            List<Long> ids = recipientIds(id);
            assertThat(dispatched).hasSize(3).allSatisfy(record ->
                    assertThat(record.key()).isEqualTo("sandbox:" + api.botKey()));
            assertThat(dispatched).extracting(record -> JsonPath.from(record.value()).getList("recipientIds", Long.class))
                    .containsExactly(ids.subList(0, 100), ids.subList(100, 200), ids.subList(200, 250));
            // the fan-out's SQL writes what the record's reader reads, every field
            assertThat(BroadcastDispatchEvent.read(EventFields.parse(JSON, dispatched.get(0).value())))
                    .isEqualTo(new BroadcastDispatchEvent("dispatch-" + ids.get(0) + "-" + ids.get(99), BroadcastsApi.CUSTOMER,
                            api.botKey(), id, ids.subList(0, 100), "sandbox:" + api.botKey()));

            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get(id).getString("responseObject.status"))
                    .isEqualTo("COMPLETED"));
            assertThat(api.get(id).getMap("responseObject.counts")).containsEntry("total", 250).containsEntry("sent", 250);
            assertThat(attempts(id)).hasSize(250).containsOnly(1L);
        }
    }

    @Test
    void aRecordOfTheFirstVersionWithOneRecipientIsStillSent() throws Exception {
        BroadcastsApi api = new BroadcastsApi();
        String id = api.create(Map.of("name", "from-before-the-upgrade", "channel", "sandbox",
                "channelUserIds", List.of("917700000001", "917700000002"), "message", TEXT, "scheduledAt", "2099-01-01T09:00:00Z"))
                .getString("responseObject.broadcastId");
        // as the scheduler of the first version left it: running, one dispatch record per recipient on the topic
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement start = connection.prepareStatement(
                "UPDATE broadcast.broadcast SET status = 'RUNNING', started_at = 1 WHERE id = ?")) {
            start.setString(1, id);
            start.executeUpdate();
        }
        // a record no sender could ever apply is skipped, not retried forever: the ones after it are still sent
        TestKafka.send(Topics.BROADCAST_DISPATCH, "sandbox:" + api.botKey(), "{\"recipientIds\":\"all\",\"sendingAccount\":\"x\"}");
        for (long recipient : recipientIds(id)) {
            TestKafka.send(Topics.BROADCAST_DISPATCH, "sandbox:" + api.botKey(), "{\"eventId\":\"dispatch-" + recipient
                    + "\",\"customerId\":" + BroadcastsApi.CUSTOMER + ",\"botKey\":\"" + api.botKey() + "\",\"broadcastId\":\""
                    + id + "\",\"recipientId\":" + recipient + ",\"userId\":\"x\",\"sendingAccount\":\"sandbox:" + api.botKey() + "\"}");
        }

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get(id).getString("responseObject.status"))
                .isEqualTo("COMPLETED"));
        assertThat(api.get(id).getMap("responseObject.counts")).containsEntry("sent", 2);
        assertThat(attempts(id)).containsExactly(1L, 1L);
    }

    @Test
    void aBroadcastCompletesWhenItsLastRecipientIsRecordedWhicheverGroupThatIs() throws Exception {
        BroadcastsApi api = new BroadcastsApi();
        List<String> users = phoneNumbers("9188000", 250);
        String id = api.create(Map.of("name", "out-of-order", "channel", "sandbox", "channelUserIds", users, "message", TEXT,
                "scheduledAt", "2099-01-01T09:00:00Z")).getString("responseObject.broadcastId");
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement start = connection.prepareStatement(
                "UPDATE broadcast.broadcast SET status = 'RUNNING', started_at = 1 WHERE id = ?")) {
            start.setString(1, id);
            start.executeUpdate();
        }
        List<Long> ids = recipientIds(id);

        // first group: later recipients are still pending, so no complete check is needed and none completes it
        dispatchAndAwaitSent(api, id, ids.subList(0, 100), 100);
        assertThat(api.get(id).getString("responseObject.status")).isEqualTo("RUNNING");
        // last group: nothing pending after it, but the middle group is: still running
        dispatchAndAwaitSent(api, id, ids.subList(200, 250), 150);
        assertThat(api.get(id).getString("responseObject.status")).isEqualTo("RUNNING");
        // the middle group is the last one recorded: it completes the broadcast
        dispatchAndAwaitSent(api, id, ids.subList(100, 200), 250);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(api.get(id).getString("responseObject.status"))
                .isEqualTo("COMPLETED"));
        assertThat(attempts(id)).hasSize(250).containsOnly(1L);
    }

    private static void dispatchAndAwaitSent(BroadcastsApi api, String broadcastId, List<Long> group, int sentAfter)
            throws Exception {
        TestKafka.send(Topics.BROADCAST_DISPATCH, "sandbox:" + api.botKey(), JSON.writeValueAsString(new BroadcastDispatchEvent(
                "dispatch-" + group.get(0) + "-" + group.get(group.size() - 1), BroadcastsApi.CUSTOMER, api.botKey(), broadcastId,
                group, "sandbox:" + api.botKey())));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(api.get(broadcastId)
                .getMap("responseObject.counts")).containsEntry("sent", sentAfter));
    }

    private static List<String> phoneNumbers(String prefix, int count) {
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            numbers.add(prefix + String.format("%05d", i));
        }
        return numbers;
    }

    private static List<Long> recipientIds(String broadcastId) throws Exception {
        return column(broadcastId, "id");
    }

    private static List<Long> attempts(String broadcastId) throws Exception {
        return column(broadcastId, "attempts");
    }

    private static List<Long> column(String broadcastId, String column) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT " + column + " FROM broadcast.recipient WHERE broadcast_id = ? ORDER BY id")) {
            select.setString(1, broadcastId);
            List<Long> values = new ArrayList<>();
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    values.add(rows.getLong(1));
                }
            }
            return values;
        }
    }
}
