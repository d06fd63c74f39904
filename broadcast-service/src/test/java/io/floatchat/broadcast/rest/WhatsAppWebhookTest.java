package io.floatchat.broadcast.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.service.WebhookSignature;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

@QuarkusTest
class WhatsAppWebhookTest {

    private static final String APP_SECRET = "app-secret-for-webhooks";

    @Test
    void theVerificationHandshakeNeedsTheVerifyToken() {
        BroadcastsApi api = withChannel();
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "verify-token-1")
                .queryParam("hub.challenge", "1158201444").get("/webhooks/whatsapp/" + api.botKey())
                .then().statusCode(200).body(is("1158201444"));
        given().queryParam("hub.mode", "subscribe").queryParam("hub.verify_token", "wrong")
                .queryParam("hub.challenge", "1158201444").get("/webhooks/whatsapp/" + api.botKey())
                .then().statusCode(401).body("status.code", is(401));
    }

    @Test
    void statusesMoveRecipientsForwardOnlyAndABadSignatureChangesNothing() throws Exception {
        BroadcastsApi api = withChannel();
        String id = api.create(Map.of("name", "tracked", "channel", "sandbox", "channelUserIds", List.of("9191", "9192"),
                "message", Map.of("type", "text", "text", "hi"))).getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get(id).getString("responseObject.status")).isEqualTo("COMPLETED"));
        // give the two recipients the ids WhatsApp would have given them
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE broadcast.recipient SET provider_message_id = 'wamid." + id + "-' || user_id "
                    + "WHERE broadcast_id = '" + id + "'");
        }

        String forged = statuses(id, "9191", "read", null);
        given().header("X-Hub-Signature-256", "sha256=" + "0".repeat(64)).contentType("application/json").body(forged)
                .post("/webhooks/whatsapp/" + api.botKey()).then().statusCode(401)
                .body("status.code", is(401)).body("status.desc", is("UNAUTHORIZED"));
        given().contentType("application/json").body(forged).post("/webhooks/whatsapp/" + api.botKey()).then().statusCode(401)
                .body("status.code", is(401)).body("status.desc", is("UNAUTHORIZED"));
        assertThat(status(api, id, "9191")).isEqualTo("SENT");

        post(api, statuses(id, "9191", "delivered", null));
        post(api, statuses(id, "9191", "read", null));
        post(api, statuses(id, "9191", "delivered", null));
        post(api, statuses(id, "9192", "failed", "{\"code\":131047,\"title\":\"Re-engagement message\"}"));
        assertThat(status(api, id, "9191")).isEqualTo("READ");
        assertThat(status(api, id, "9192")).isEqualTo("FAILED");
        api.writer().get(api.path() + "/broadcasts/" + id + "/recipients?status=FAILED").then()
                .body("responseObject.recipients[0].error.code", is("131047"))
                .body("responseObject.recipients[0].error.message", is("Re-engagement message"));
        api.get(id);
        assertThat(api.get(id).getInt("responseObject.counts.read")).isEqualTo(1);
    }

    @Test
    void inboundMessagesReachTheHistoryWithTheContactsName() {
        String phone = Long.toString(System.nanoTime() % 1_000_000_000L);
        BroadcastsApi api = withChannel(phone);
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.MESSAGES)) {
            post(api, "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"display_phone_number\":\"15550001111\","
                    + "\"phone_number_id\":\"" + phone + "\"},\"contacts\":[{\"profile\":{\"name\":\"Asha\"},\"wa_id\":\"919876543210\"}],"
                    + "\"messages\":[{\"from\":\"919876543210\",\"id\":\"wamid.inbound-1\",\"timestamp\":\"1767225600\","
                    + "\"type\":\"text\",\"text\":{\"body\":\"Where is my order?\"}}]}}]}]}");
            List<JsonPath> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(api.botKey() + "/919876543210")) {
                        events.add(JsonPath.from(record.value()));
                    }
                }
                return !events.isEmpty();
            });
            assertThat(events.get(0).getString("direction")).isEqualTo("INBOUND");
            assertThat(events.get(0).getString("contactName")).isEqualTo("Asha");
            assertThat(events.get(0).getString("text")).isEqualTo("Where is my order?");
            assertThat(events.get(0).getLong("timestamp")).isEqualTo(1_767_225_600_000L);
            assertThat(events.get(0).getString("messageId")).isEqualTo("wamid.inbound-1");
        }
    }

    @Test
    void aMessageLongerThanThePlatformKeepsAsTextReadsForEveryConsumerAndOpensTheWindow() throws Exception {
        String phone = Long.toString(System.nanoTime() % 1_000_000_000L);
        BroadcastsApi api = withChannel(phone);
        String longText = "x".repeat(5_000);
        long sent = System.currentTimeMillis() / 1000;
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.MESSAGES)) {
            post(api, "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                    + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + phone + "\"},"
                    + "\"contacts\":[{\"profile\":{\"name\":\"" + "n".repeat(300) + "\"},\"wa_id\":\"919876543211\"}],"
                    + "\"messages\":[{\"from\":\"919876543211\",\"id\":\"wamid.long-1\",\"timestamp\":\"" + sent + "\","
                    + "\"type\":\"text\",\"text\":{\"body\":\"" + longText + "\"}}]}}]}]}");
            List<String> values = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(api.botKey() + "/919876543211")) {
                        values.add(record.value());
                    }
                }
                return !values.isEmpty();
            });
            // what users-service, conversations-service and the window read: it reads, shortened
            MessageEvent event = MessageEvent.read(new ObjectMapper(), values.get(0));
            assertThat(event.text()).hasSize(InputBounds.MESSAGE_TEXT_CHARS).endsWith("...");
            assertThat(event.contactName()).hasSize(MessageEvent.MAX_CONTACT_NAME);
            assertThat(event.payload().path("text").path("body").asText()).isEqualTo(longText);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> lastInbound(api.botKey(), "919876543211") != null);
        assertThat(lastInbound(api.botKey(), "919876543211")).isEqualTo(sent * 1000);
    }

    private static Long lastInbound(String bot, String user) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT last_inbound_at FROM broadcast.inbound_window WHERE bot_key = ? AND user_id = ?")) {
            select.setString(1, bot);
            select.setString(2, user);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }

    private static BroadcastsApi withChannel() {
        return withChannel(Long.toString(System.nanoTime() % 1_000_000_000L));
    }

    private static BroadcastsApi withChannel(String phone) {
        BroadcastsApi api = new BroadcastsApi();
        api.writer().body(Map.of("phoneNumberId", phone, "accessToken", "token-123456789",
                        "appSecret", APP_SECRET, "verifyToken", "verify-token-1")).put(api.path() + "/channels/whatsapp")
                .then().statusCode(200);
        return api;
    }

    private static void post(BroadcastsApi api, String body) {
        given().header("X-Hub-Signature-256", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), APP_SECRET))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/" + api.botKey())
                .then().statusCode(200);
    }

    private static String statuses(String broadcastId, String userId, String status, String error) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"statuses\":[{\"id\":\"wamid." + broadcastId + "-" + userId
                + "\",\"status\":\"" + status + "\",\"timestamp\":\"1767225600\",\"recipient_id\":\"" + userId + "\""
                + (error == null ? "" : ",\"errors\":[" + error + "]") + "}]}}]}]}";
    }

    private static String status(BroadcastsApi api, String broadcastId, String userId) {
        return api.writer().get(api.path() + "/broadcasts/" + broadcastId + "/recipients").then().extract().jsonPath()
                .getString("responseObject.recipients.find { it.userId == '" + userId + "' }.status");
    }
}
