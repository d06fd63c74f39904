package io.floatchat.users.messaging;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.TestKafka;
import io.floatchat.users.UserActivity;
import io.floatchat.users.rest.UsersApi;
import io.floatchat.users.service.UserService;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
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
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * The same changes arriving over Kafka: applied once, never backwards; bad ones — malformed, out of
 * bounds, another tenant's — sent to the dead-letter topic without blocking the ones behind them.
 */
@QuarkusTest
class UserEventsTest {

    @Inject
    UserService users;

    private static final Duration WAIT = Duration.ofSeconds(20);

    @Test
    void anAttributesEventCreatesTheUserAndIsAppliedOncePerEventId() {
        UsersApi api = UsersApi.freshBot();
        String eventId = UUID.randomUUID().toString();
        sendAttributes(api, eventId, "9190001", "{\"plan\":\"gold\",\"visits\":3}");
        await().atMost(WAIT).untilAsserted(() -> api.reader().get(api.path() + "/channel-user/9190001")
                .then().statusCode(200).body("responseObject.attributes.plan", is("gold")));

        // the same event id again, whatever it says, changes nothing; a new id is applied after it
        sendAttributes(api, eventId, "9190001", "{\"plan\":\"replayed\"}");
        sendAttributes(api, UUID.randomUUID().toString(), "9190001", "{\"visits\":4}");
        await().atMost(WAIT).untilAsserted(() -> api.reader().get(api.path() + "/channel-user/9190001")
                .then().body("responseObject.attributes.visits", is(4)));
        api.reader().get(api.path() + "/channel-user/9190001").then().body("responseObject.attributes.plan", is("gold"));
    }

    @Test
    void anotherTenantsEventWithTheSameIdDoesNotHideThisOne() {
        UsersApi first = UsersApi.freshBot();
        UsersApi second = UsersApi.freshBot();
        String eventId = "shared-id-" + UUID.randomUUID();
        sendAttributes(first, eventId, "9190030", "{\"plan\":\"first\"}");
        sendAttributes(second, eventId, "9190030", "{\"plan\":\"second\"}");
        await().atMost(WAIT).untilAsserted(() -> second.reader().get(second.path() + "/channel-user/9190030")
                .then().statusCode(200).body("responseObject.attributes.plan", is("second")));
        first.reader().get(first.path() + "/channel-user/9190030").then().body("responseObject.attributes.plan", is("first"));
    }

    @Test
    void aBadEventIsSkippedWithoutBlockingTheOnesBehindIt() {
        UsersApi api = UsersApi.freshBot();
        String key = api.botKey() + "/9190002";
        TestKafka.send(Topics.USER_ATTRIBUTES, key, "{not json");
        TestKafka.send(Topics.USER_ATTRIBUTES, key, "{\"eventId\":\"x1\",\"customerId\":10001,\"botKey\":\""
                + api.botKey() + "\",\"userId\":\"9190002\",\"attributes\":{\"bad name\":1}}");
        TestKafka.send(Topics.USER_ATTRIBUTES, key, "{\"eventId\":\"x2\",\"customerId\":10001,\"botKey\":\""
                + api.botKey() + "\",\"userId\":\"9190002\",\"attributes\":{\"nested\":{\"a\":1}}}");
        sendAttributes(api, UUID.randomUUID().toString(), "9190002", "{\"after\":\"the bad ones\"}");
        await().atMost(WAIT).untilAsserted(() -> api.reader().get(api.path() + "/channel-user/9190002")
                .then().statusCode(200).body("responseObject.attributes", is(Map.of("after", "the bad ones"))));
    }

    @Test
    void eventsNamingAnotherCustomersBotOrNoBotAtAllGoToTheDeadLetterTopicAndChangeNothing() {
        UsersApi victim = UsersApi.freshBot();
        String unknownBot = "bot-never-created-" + UUID.randomUUID().toString().substring(0, 8);
        try (KafkaConsumer<String, String> attributesDlq = TestKafka.consumer(Topics.USER_ATTRIBUTES_DLQ);
             KafkaConsumer<String, String> messagesDlq = TestKafka.consumer(Topics.MESSAGES_DLQ)) {
            // customer 10002 writes into customer 10001's bot, and into a bot nobody created
            TestKafka.send(Topics.USER_ATTRIBUTES, victim.botKey() + "/9190020", "{\"eventId\":\"" + UUID.randomUUID()
                    + "\",\"customerId\":10002,\"botKey\":\"" + victim.botKey() + "\",\"userId\":\"9190020\","
                    + "\"attributes\":{\"plan\":\"stolen\"}}");
            TestKafka.send(Topics.MESSAGES, victim.botKey() + "/9190020", "{\"eventId\":\"" + UUID.randomUUID()
                    + "\",\"customerId\":10002,\"botKey\":\"" + victim.botKey() + "\",\"userId\":\"9190020\","
                    + "\"messageId\":\"m-forged\",\"direction\":\"INBOUND\",\"type\":\"text\",\"timestamp\":"
                    + System.currentTimeMillis() + "}");
            TestKafka.send(Topics.USER_ATTRIBUTES, unknownBot + "/9190021", "{\"eventId\":\"" + UUID.randomUUID()
                    + "\",\"customerId\":10001,\"botKey\":\"" + unknownBot + "\",\"userId\":\"9190021\","
                    + "\"attributes\":{\"plan\":\"gold\"}}");

            List<JsonPath> letters = deadLetters(attributesDlq, 2, victim.botKey(), unknownBot);
            assertThat(letters).extracting(letter -> letter.getString("reason"))
                    .anySatisfy(reason -> assertThat(reason).contains("customer 10002 has no bot " + victim.botKey()))
                    .anySatisfy(reason -> assertThat(reason).contains("has no bot " + unknownBot));
            assertThat(letters).allSatisfy(letter -> {
                assertThat(letter.getString("consumer")).isEqualTo("users-service");
                assertThat(letter.getString("topic")).isEqualTo(Topics.USER_ATTRIBUTES);
            });
            assertThat(deadLetters(messagesDlq, 1, victim.botKey()).get(0).getString("value")).contains("m-forged");
        }
        victim.reader().get(victim.path() + "/channel-user/9190020").then().statusCode(400).body("status.code", is(1002));
    }

    @Test
    void aMessageFromTheFutureAndAChangeOverTheBoundGoToTheDeadLetterTopic() {
        UsersApi api = UsersApi.freshBot();
        StringBuilder big = new StringBuilder("{");
        for (int i = 0; i < 40; i++) {
            big.append(i == 0 ? "" : ",").append("\"note_").append(i).append("\":\"").append("x".repeat(999)).append('"');
        }
        try (KafkaConsumer<String, String> attributesDlq = TestKafka.consumer(Topics.USER_ATTRIBUTES_DLQ);
             KafkaConsumer<String, String> messagesDlq = TestKafka.consumer(Topics.MESSAGES_DLQ)) {
            sendMessage(api, "9190022", "INBOUND", 4_102_444_800_000L, null);
            sendAttributes(api, UUID.randomUUID().toString(), "9190022", big.append('}').toString());
            sendAttributes(api, UUID.randomUUID().toString(), "9190022", "{\"after\":\"them\"}");
            assertThat(deadLetters(messagesDlq, 1, api.botKey()).get(0).getString("reason")).contains("ahead of the platform's clock");
            assertThat(deadLetters(attributesDlq, 1, api.botKey()).get(0).getString("reason")).contains("32768");
        }
        await().atMost(WAIT).untilAsserted(() -> api.reader().get(api.path() + "/channel-user/9190022")
                .then().statusCode(200).body("responseObject.attributes", is(Map.of("after", "them")))
                .body("responseObject.lastInboundAt", nullValue()));
    }

    /** The dead letters of records keyed by these bots' users, once {@code count} have arrived. */
    private static List<JsonPath> deadLetters(KafkaConsumer<String, String> consumer, int count, String... bots) {
        List<JsonPath> letters = new ArrayList<>();
        await().atMost(WAIT).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                for (String bot : bots) {
                    if (record.key().startsWith(bot + "/")) {
                        letters.add(JsonPath.from(record.value()));
                    }
                }
            }
            return letters.size() >= count;
        });
        return letters;
    }

    @Test
    void messagesMoveActivityForwardOnlyAndInboundOnesTheWindow() {
        UsersApi api = UsersApi.freshBot();
        sendMessage(api, "9190003", "OUTBOUND", 1_000_000L, null);
        await().atMost(WAIT).untilAsserted(() -> api.reader().get(api.path() + "/channel-user/9190003")
                .then().statusCode(200)
                .body("responseObject.lastActiveAt", is(1_000_000))
                .body("responseObject.lastInboundAt", nullValue()));

        sendMessage(api, "9190003", "INBOUND", 3_000_000L, "Ravi");
        sendMessage(api, "9190003", "INBOUND", 2_000_000L, "Someone else");
        sendMessage(api, "9190003", "INBOUND", 3_000_000L, "Ravi");
        sendMessage(api, "9190003", "OUTBOUND", 500_000L, null);
        sendMessage(api, "9190003", "OUTBOUND", 2_500_000L, null);
        await().atMost(WAIT).untilAsserted(() -> api.reader().get(api.path() + "/channel-user/9190003")
                .then()
                .body("responseObject.name", is("Ravi"))
                .body("responseObject.firstSeenAt", is(500_000))
                .body("responseObject.lastActiveAt", is(3_000_000))
                .body("responseObject.lastInboundAt", is(3_000_000)));
    }

    @Test
    void aPollWithSeveralMessagesOfOneUserMovesItOnceAndIgnoresAnotherCustomersClaim() {
        UsersApi api = UsersApi.freshBot();
        String bot = api.botKey();
        users.recordActivity(List.of(
                        new UserActivity(UsersApi.CUSTOMER, bot, "9190006", "whatsapp", null, 2_000L, 2_000L, null),
                        new UserActivity(UsersApi.CUSTOMER, bot, "9190006", "whatsapp", "Asha", 1_000L, 1_000L, 1_000L),
                        new UserActivity(UsersApi.CUSTOMER + 1, bot, "9190006", "whatsapp", "Intruder", 1L, 9_000L, 9_000L),
                        new UserActivity(UsersApi.CUSTOMER, bot, "9190007", "whatsapp", null, 3_000L, 3_000L, null)))
                .await().atMost(WAIT);

        api.reader().get(api.path() + "/channel-user/9190006").then().statusCode(200)
                .body("responseObject.name", is("Asha"))
                .body("responseObject.firstSeenAt", is(1_000))
                .body("responseObject.lastActiveAt", is(2_000))
                .body("responseObject.lastInboundAt", is(1_000));
        api.reader().get(api.path() + "/channel-user/9190007").then().statusCode(200)
                .body("responseObject.lastActiveAt", is(3_000));
    }

    @Test
    void usersFromEventsAreFoundByTheSearch() {
        UsersApi api = UsersApi.freshBot();
        sendAttributes(api, UUID.randomUUID().toString(), "9190004", "{\"source\":\"kafka\"}");
        api.attributes("9190005", Map.of("source", "kafka"));
        await().atMost(WAIT).untilAsserted(() -> api.reader()
                .queryParam("attribute_name", "source").queryParam("attribute_value", "kafka")
                .get(api.path() + "/users")
                .then().body("responseObject.totalCount", is(2)));
    }

    private static void sendAttributes(UsersApi api, String eventId, String userId, String attributes) {
        TestKafka.send(Topics.USER_ATTRIBUTES, Topics.userKey(api.botKey(), userId),
                "{\"eventId\":\"" + eventId + "\",\"customerId\":" + UsersApi.CUSTOMER + ",\"botKey\":\"" + api.botKey()
                        + "\",\"userId\":\"" + userId + "\",\"channel\":\"whatsapp\",\"attributes\":" + attributes
                        + ",\"occurredAt\":1}");
    }

    private static void sendMessage(UsersApi api, String userId, String direction, long timestamp, String contactName) {
        TestKafka.send(Topics.MESSAGES, Topics.userKey(api.botKey(), userId),
                "{\"eventId\":\"" + UUID.randomUUID() + "\",\"customerId\":" + UsersApi.CUSTOMER + ",\"botKey\":\""
                        + api.botKey() + "\",\"userId\":\"" + userId + "\",\"channel\":\"whatsapp\",\"messageId\":\""
                        + UUID.randomUUID() + "\",\"direction\":\"" + direction + "\",\"type\":\"text\",\"text\":\"hi\","
                        + "\"timestamp\":" + timestamp
                        + (contactName == null ? "" : ",\"contactName\":\"" + contactName + "\"") + "}");
    }
}
