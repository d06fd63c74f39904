package io.floatchat.users.messaging;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.TestKafka;
import io.floatchat.users.rest.UsersApi;
import io.floatchat.users.service.UserActivity;
import io.floatchat.users.service.UserService;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** The same changes arriving over Kafka: applied once, never backwards, bad ones skipped without blocking. */
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
