package io.floatchat.conversations.rest;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.EmbeddedKafkaServer;
import io.floatchat.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

@QuarkusTest
class ConversationResourceTest {

    @Test
    void historyIsOldestFirstWithTiesByMessageId() {
        ConversationsApi api = new ConversationsApi();
        api.post("u1", "c", 2000, "INBOUND");
        api.post("u1", "b", 1000, "OUTBOUND");
        api.post("u1", "a", 2000, "INBOUND");
        api.reader().get(api.user("u1") + "/conversations")
                .then().statusCode(200)
                .body("status.code", is(1000))
                .body("responseObject.messages.messageId", contains("b", "a", "c"))
                .body("responseObject.messages[0].direction", is("OUTBOUND"))
                .body("responseObject.messages[0].userId", is("u1"))
                .body("responseObject.messages[0].channel", is("whatsapp"))
                .body("responseObject.messages[0].type", is("text"))
                .body("responseObject.messages[0].timestamp", is(1000))
                .body("responseObject.messages[0].broadcastId", nullValue())
                .body("responseObject.pageNumber", is(1))
                .body("responseObject.pageSize", is(500))
                .body("responseObject.totalCount", is(3))
                .body("responseObject.totalPages", is(1))
                .body("responseObject.nextCursor", nullValue());
    }

    @Test
    void theDateWindowIncludesBothEnds() {
        ConversationsApi api = new ConversationsApi();
        api.post("u1", "m1", 1000, "INBOUND");
        api.post("u1", "m2", 2000, "INBOUND");
        api.post("u1", "m3", 3000, "INBOUND");
        assertWindow(api, "1000", "3000", "m1", "m2", "m3");
        assertWindow(api, "1001", "3000", "m2", "m3");
        assertWindow(api, "1000", "2999", "m1", "m2");
        assertWindow(api, "2000", "", "m2", "m3");
        assertWindow(api, "", "2000", "m1", "m2");
        assertWindow(api, "3001", "9000");
    }

    @Test
    void pagingArithmetic() {
        ConversationsApi api = new ConversationsApi();
        for (int i = 1; i <= 7; i++) {
            api.post("u1", "m" + i, i * 1000L, "INBOUND");
        }
        page(api, "1", "3").body("responseObject.messages.messageId", contains("m1", "m2", "m3"))
                .body("responseObject.totalCount", is(7)).body("responseObject.totalPages", is(3))
                .body("responseObject.nextCursor", notNullValue());
        page(api, "3", "3").body("responseObject.messages.messageId", contains("m7"))
                .body("responseObject.pageNumber", is(3)).body("responseObject.nextCursor", nullValue());
        page(api, "4", "3").body("responseObject.messages", empty()).body("responseObject.totalCount", is(7));
    }

    @Test
    void parameterErrors() {
        ConversationsApi api = new ConversationsApi();
        api.post("u1", "m1", 1000, "INBOUND");
        for (String bad : List.of("abc", "-1", "1.5", "1e3")) {
            assertError(api, Map.of("start_date", bad), 1003, "INVALID_INPUT_DATE_VALUE");
            assertError(api, Map.of("end_date", bad), 1003, "INVALID_INPUT_DATE_VALUE");
        }
        assertError(api, Map.of("start_date", "2000", "end_date", "2000"), 1003, "INVALID_INPUT_DATE_VALUE");
        assertError(api, Map.of("start_date", "2000", "end_date", "1000"), 1003, "INVALID_INPUT_DATE_VALUE");
        for (String bad : List.of("0", "-1", "abc", "1.5")) {
            assertError(api, Map.of("page_number", bad), 1004, "INVALID_PAGE_NUMBER");
        }
        for (String bad : List.of("0", "1001", "-3", "ten")) {
            assertError(api, Map.of("page_size", bad), 1005, "INVALID_PAGE_SIZE");
        }
        assertError(api, Map.of("cursor", "not-ours"), 1001, "INVALID_REQUEST");
        api.reader().get(api.user("nobody") + "/conversations")
                .then().statusCode(400)
                .body("status.code", is(1002))
                .body("status.desc", is("INVALID_BOT_OR_CUSTOMER_ID"))
                .body("requestId", notNullValue());
    }

    @Test
    void theSameMessageIdIsStoredOnce() {
        ConversationsApi api = new ConversationsApi();
        api.post("u1", "dup", 1000, "INBOUND");
        api.as("conversations:write").body(Map.of("messageId", "dup", "direction", "INBOUND", "type", "text",
                        "text", "a second time", "timestamp", 5000))
                .post(api.user("u1") + "/messages")
                .then().statusCode(200).body("responseObject.text", is("message dup"));
        api.reader().get(api.user("u1") + "/conversations").then().body("responseObject.totalCount", is(1));
    }

    @Test
    void aRecordedMessageIsAnnouncedOnTheMessagesTopic() {
        ConversationsApi api = new ConversationsApi();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", EmbeddedKafkaServer.bootstrapServers(), "group.id", "test-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.MESSAGES));
            api.as("conversations:write").body(Map.of("messageId", "announced", "direction", "INBOUND", "type", "text",
                    "text", "hi", "payload", Map.of("button", "yes"), "timestamp", 7000)).post(api.user("u9") + "/messages")
                    .then().statusCode(201).body("responseObject.payload.button", is("yes"));
            List<JsonPath> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(api.botKey() + "/u9")) {
                        events.add(JsonPath.from(record.value()));
                    }
                }
                return !events.isEmpty();
            });
            assertThat(events.get(0).getString("messageId")).isEqualTo("announced");
            assertThat(events.get(0).getString("direction")).isEqualTo("INBOUND");
            assertThat(events.get(0).getLong("timestamp")).isEqualTo(7000);
            assertThat(events.get(0).getLong("customerId")).isEqualTo(ConversationsApi.CUSTOMER);
        }
    }

    @Test
    void outOfBoundsMessagesAre1001AndStoreNothing() {
        ConversationsApi api = new ConversationsApi();
        List<Map<String, Object>> bad = new ArrayList<>();
        bad.add(Map.of("messageId", "t", "direction", "INBOUND", "type", "text", "text", "x".repeat(4097)));
        bad.add(Map.of("messageId", "p", "direction", "INBOUND", "type", "text", "payload", Map.of("big", "y".repeat(66_000))));
        bad.add(Map.of("messageId", "y", "direction", "INBOUND", "type", "sticker"));
        bad.add(Map.of("messageId", "d", "direction", "SIDEWAYS", "type", "text"));
        bad.add(Map.of("messageId", "has space", "direction", "INBOUND", "type", "text"));
        bad.add(Map.of("direction", "INBOUND", "type", "text"));
        bad.add(Map.of("messageId", "n", "direction", "INBOUND", "type", "text", "timestamp", -5));
        // the year 2100, and six minutes ahead: a window held open for ever, or past the clock's tolerance
        bad.add(Map.of("messageId", "f", "direction", "INBOUND", "type", "text", "timestamp", 4_102_444_800_000L));
        bad.add(Map.of("messageId", "g", "direction", "INBOUND", "type", "text",
                "timestamp", System.currentTimeMillis() + 6 * 60_000));
        for (Map<String, Object> body : bad) {
            api.as("conversations:write").body(body).post(api.user("u1") + "/messages")
                    .then().statusCode(400).body("status.code", is(1001));
        }
        api.reader().get(api.user("u1") + "/conversations").then().statusCode(400).body("status.code", is(1002));
        // a clock a little ahead is no reason to refuse
        api.as("conversations:write").body(Map.of("messageId", "h", "direction", "INBOUND", "type", "text",
                "timestamp", System.currentTimeMillis() + 60_000)).post(api.user("u1") + "/messages").then().statusCode(201);
    }

    @Test
    void botsAreIsolated() {
        ConversationsApi first = new ConversationsApi();
        ConversationsApi second = new ConversationsApi();
        first.post("919800000001", "mine", 1000, "INBOUND");
        second.reader().get(second.user("919800000001") + "/conversations").then().statusCode(400).body("status.code", is(1002));
        given().header("Authorization", TestJwt.forTenant(ConversationsApi.CUSTOMER, second.botKey())
                        .scopes("conversations:read").bearer())
                .get(first.user("919800000001") + "/conversations")
                .then().statusCode(400).body("status.code", is(1002));
        first.as("conversations:read").body(Map.of("messageId", "m", "direction", "INBOUND", "type", "text"))
                .post(first.user("919800000001") + "/messages").then().statusCode(403)
                .body("status.code", is(403)).body("status.desc", is("FORBIDDEN"));
    }

    @Test
    void aCursorWalksTwoThousandMessagesEachExactlyOnce() throws Exception {
        ConversationsApi api = new ConversationsApi();
        api.load("walker", 2000);
        Set<String> seen = new LinkedHashSet<>();
        String cursor = null;
        int pages = 0;
        do {
            Map<String, String> query = new HashMap<>(Map.of("page_size", "300"));
            if (cursor != null) {
                query.put("cursor", cursor);
            }
            JsonPath page = api.reader().queryParams(query).get(api.user("walker") + "/conversations")
                    .then().statusCode(200).extract().jsonPath();
            List<String> ids = page.getList("responseObject.messages.messageId");
            assertThat(ids).allSatisfy(id -> assertThat(seen.add(id)).as("seen twice: " + id).isTrue());
            assertThat(page.getLong("responseObject.totalCount")).isEqualTo(2000);
            cursor = page.getString("responseObject.nextCursor");
            pages++;
        } while (cursor != null);
        assertThat(seen).hasSize(2000);
        assertThat(pages).isEqualTo(7);
        assertThat(new ArrayList<>(seen)).isSorted();
    }

    private static void assertWindow(ConversationsApi api, String start, String end, String... ids) {
        var response = api.reader().queryParam("start_date", start).queryParam("end_date", end)
                .get(api.user("u1") + "/conversations").then().statusCode(200);
        if (ids.length == 0) {
            response.body("responseObject.messages", empty());
        } else {
            response.body("responseObject.messages.messageId", contains(ids));
        }
    }

    private static io.restassured.response.ValidatableResponse page(ConversationsApi api, String number, String size) {
        return api.reader().queryParam("page_number", number).queryParam("page_size", size)
                .get(api.user("u1") + "/conversations").then().statusCode(200);
    }

    private static void assertError(ConversationsApi api, Map<String, String> query, int code, String desc) {
        api.reader().queryParams(query).get(api.user("u1") + "/conversations")
                .then().statusCode(400)
                .body("status.code", is(code))
                .body("status.desc", is(desc))
                .body("status.details", containsString(""))
                .body("requestId", notNullValue());
    }
}
