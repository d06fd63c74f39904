package io.floatchat.conversations.rest;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.TestKafka;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** Messages arriving on Kafka: stored once, visible beside REST ones; bad ones dead-lettered without blocking. */
@QuarkusTest
class ConversationEventsTest {

    @Test
    void kafkaAndRestMessagesShareOneHistory() {
        ConversationsApi api = new ConversationsApi();
        api.post("u1", "from-rest", 2000, "OUTBOUND");
        send(api, "u1", event(api, "u1", "from-kafka", 1000, "INBOUND"));
        send(api, "u1", event(api, "u1", "from-kafka", 1000, "INBOUND"));
        send(api, "u1", "{broken");
        send(api, "u1", event(api, "u1", "too-long", 3000, "INBOUND").replace("\"text\":\"hi\"",
                "\"text\":\"" + "x".repeat(5000) + "\""));
        send(api, "u1", event(api, "u1", "after-the-bad-ones", 4000, "INBOUND").replace("\"broadcastId\":null",
                "\"broadcastId\":\"b-42\""));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> api.reader().get(api.user("u1") + "/conversations")
                .then().statusCode(200)
                .body("responseObject.messages.messageId", contains("from-kafka", "from-rest", "after-the-bad-ones"))
                .body("responseObject.messages[2].broadcastId", is("b-42"))
                .body("responseObject.totalCount", is(3)));
    }

    @Test
    void aMessageForAnotherCustomersBotIsDeadLetteredAndNeverShownToEither() {
        ConversationsApi victim = new ConversationsApi();
        try (KafkaConsumer<String, String> dlq = TestKafka.consumer(Topics.MESSAGES_DLQ)) {
            send(victim, "u7", event(victim, "u7", "forged", 1000, "INBOUND").replace("\"customerId\":" + ConversationsApi.CUSTOMER,
                    "\"customerId\":10002"));
            send(victim, "u7", event(victim, "u7", "from-the-future", 4_102_444_800_000L, "INBOUND"));
            send(victim, "u7", event(victim, "u7", "genuine", 2000, "INBOUND"));
            List<JsonPath> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                for (ConsumerRecord<String, String> record : dlq.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(Topics.userKey(victim.botKey(), "u7"))) {
                        letters.add(JsonPath.from(record.value()));
                    }
                }
                return letters.size() >= 2;
            });
            assertThat(letters).extracting(letter -> letter.getString("reason"))
                    .anySatisfy(reason -> assertThat(reason).contains("customer 10002 has no bot " + victim.botKey()))
                    .anySatisfy(reason -> assertThat(reason).contains("ahead of the platform's clock"));
            assertThat(letters).allSatisfy(letter -> assertThat(letter.getString("consumer")).isEqualTo("conversations-service"));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> victim.reader().get(victim.user("u7") + "/conversations")
                .then().statusCode(200).body("responseObject.messages.messageId", contains("genuine")));
    }

    private static void send(ConversationsApi api, String userId, String value) {
        TestKafka.send(Topics.MESSAGES, Topics.userKey(api.botKey(), userId), value);
    }

    private static String event(ConversationsApi api, String userId, String messageId, long timestamp, String direction) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"customerId\":" + ConversationsApi.CUSTOMER + ",\"botKey\":\""
                + api.botKey() + "\",\"userId\":\"" + userId + "\",\"channel\":\"whatsapp\",\"messageId\":\"" + messageId
                + "\",\"direction\":\"" + direction + "\",\"type\":\"text\",\"text\":\"hi\",\"payload\":{},"
                + "\"timestamp\":" + timestamp + ",\"broadcastId\":null}";
    }
}
