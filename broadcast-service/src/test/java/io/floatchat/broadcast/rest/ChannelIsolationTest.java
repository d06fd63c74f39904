package io.floatchat.broadcast.rest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.broadcast.service.WebhookSignature;
import io.floatchat.common.events.Topics;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Two tenants, each with its own server standing in for Meta: the second tries to take over the
 * first's WhatsApp number, to move its recipients with its own signed webhooks, and to aim the
 * platform at internal addresses. Every attempt is refused or changes nothing of the first's.
 */
@QuarkusTest
class ChannelIsolationTest {

    private static final WireMockServer META_OF_A = start();
    private static final WireMockServer SERVER_OF_B = start();
    private static final AtomicLong NUMBERS = new AtomicLong(7_000_000_000L + System.nanoTime() % 1_000_000_000L);
    private static final Map<String, Object> TEMPLATE = Map.of("type", "template", "template",
            Map.of("name", "order_update", "language", Map.of("code", "en_US")));

    @AfterAll
    static void stop() {
        META_OF_A.stop();
        SERVER_OF_B.stop();
    }

    @Test
    void anotherBotCannotClaimAPhoneNumberIdAndTheOwnersBroadcastsStillGoToTheOwnersServer() {
        BroadcastsApi a = new BroadcastsApi();
        BroadcastsApi b = new BroadcastsApi();
        String phone = Long.toString(NUMBERS.incrementAndGet());
        configure(a, phone, META_OF_A, "app-secret-of-a");
        answerSent(META_OF_A, phone);
        answerSent(SERVER_OF_B, phone);

        b.writer().body(channel(phone, SERVER_OF_B.baseUrl(), "app-secret-of-b")).put(b.path() + "/channels/whatsapp")
                .then().statusCode(409)
                .body("status.code", is(1006)).body("status.desc", is("CONFLICT"))
                .body("status.details", containsString("another bot"))
                .body("requestId", org.hamcrest.Matchers.notNullValue());
        b.writer().get(b.path() + "/channels/whatsapp").then().statusCode(404);

        String id = a.create(Map.of("name", "orders", "channel", "whatsapp",
                "channelUserIds", List.of("919811100001", "919811100002"), "message", TEMPLATE))
                .getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(a.get(id).getInt("responseObject.counts.sent")).isEqualTo(2));
        assertThat(calls(META_OF_A, phone)).hasSize(2)
                .allSatisfy(call -> assertThat(call.getRequest().getHeader("Authorization")).isEqualTo("Bearer token-of-" + phone));
        assertThat(calls(SERVER_OF_B, phone)).isEmpty();
    }

    @Test
    void aBotThatChangesItsOwnNumberKeepsItAndAnotherBotMayThenTakeTheOldOne() {
        BroadcastsApi a = new BroadcastsApi();
        BroadcastsApi b = new BroadcastsApi();
        String first = Long.toString(NUMBERS.incrementAndGet());
        String second = Long.toString(NUMBERS.incrementAndGet());
        configure(a, first, META_OF_A, "app-secret-of-a");
        configure(a, first, META_OF_A, "app-secret-of-a-rotated");
        configure(a, second, META_OF_A, "app-secret-of-a");
        configure(b, first, SERVER_OF_B, "app-secret-of-b");
        a.writer().get(a.path() + "/channels/whatsapp").then().body("responseObject.phoneNumberId", is(second));
        b.writer().get(b.path() + "/channels/whatsapp").then().body("responseObject.phoneNumberId", is(first));
    }

    @Test
    void aStatusSignedByAnotherBotForTheOwnersMessageMovesNothing() throws Exception {
        BroadcastsApi a = new BroadcastsApi();
        BroadcastsApi b = new BroadcastsApi();
        String phoneOfA = Long.toString(NUMBERS.incrementAndGet());
        String phoneOfB = Long.toString(NUMBERS.incrementAndGet());
        configure(a, phoneOfA, META_OF_A, "app-secret-of-a");
        configure(b, phoneOfB, SERVER_OF_B, "app-secret-of-b");
        String id = a.create(Map.of("name", "tracked", "channel", "sandbox", "channelUserIds", List.of("919822200001"),
                "message", Map.of("type", "text", "text", "hi"))).getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(a.get(id).getString("responseObject.status")).isEqualTo("COMPLETED"));
        String providerId = "wamid." + id;
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.execute("UPDATE broadcast.recipient SET provider_message_id = '" + providerId + "' WHERE broadcast_id = '"
                    + id + "'");
        }

        webhook(b, "app-secret-of-b", status(phoneOfB, providerId, "failed"));
        webhook(b, "app-secret-of-b", status(phoneOfA, providerId, "read"));
        assertThat(recipientStatus(a, id)).isEqualTo("SENT");

        webhook(a, "app-secret-of-a", status(phoneOfA, providerId, "read"));
        assertThat(recipientStatus(a, id)).isEqualTo("READ");
    }

    @Test
    void aWebhookChangeForAnotherBotsNumberIsPassedOver() {
        BroadcastsApi a = new BroadcastsApi();
        BroadcastsApi b = new BroadcastsApi();
        String phoneOfA = Long.toString(NUMBERS.incrementAndGet());
        String phoneOfB = Long.toString(NUMBERS.incrementAndGet());
        configure(a, phoneOfA, META_OF_A, "app-secret-of-a");
        configure(b, phoneOfB, SERVER_OF_B, "app-secret-of-b");
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.MESSAGES)) {
            webhook(b, "app-secret-of-b", inbound(phoneOfA, "919833300001", "wamid.forged", "claims to be A's"));
            webhook(b, "app-secret-of-b", inbound(phoneOfB, "919833300001", "wamid.own", "B's own"));
            List<JsonPath> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.key().equals(b.botKey() + "/919833300001") || record.key().equals(a.botKey() + "/919833300001")) {
                        seen.add(JsonPath.from(record.value()));
                    }
                }
                return seen.stream().anyMatch(event -> event.getString("messageId").equals("wamid.own"));
            });
            // one user key, one partition: the forged change would have come first
            assertThat(seen).extracting(event -> event.getString("messageId")).containsExactly("wamid.own");
        }
    }

    @Test
    void aMessageFromTheFutureInASignedWebhookIsRecordedAsNow() {
        BroadcastsApi a = new BroadcastsApi();
        String phone = Long.toString(NUMBERS.incrementAndGet());
        configure(a, phone, META_OF_A, "app-secret-of-a");
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.MESSAGES)) {
            long before = System.currentTimeMillis();
            webhook(a, "app-secret-of-a", inbound(phone, "919844400001", "wamid.future", "hi", 4_102_444_800L));
            List<JsonPath> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(a.botKey() + "/919844400001")) {
                        seen.add(JsonPath.from(record.value()));
                    }
                });
                return !seen.isEmpty();
            });
            assertThat(seen.get(0).getLong("timestamp")).isBetween(before, System.currentTimeMillis());
        }
    }

    @Test
    void anApiBaseUrlAimedInsideTheNetworkOrCarryingMoreThanABaseIsRefused() {
        BroadcastsApi b = new BroadcastsApi();
        for (String url : List.of("http://169.254.169.254/latest/meta-data?", "http://169.254.169.254", "http://[fe80::1]",
                "http://[::ffff:169.254.169.254]", "http://[64:ff9b::a9fe:a9fe]", "http://[2002:a9fe:a9fe::]",
                "http://198.18.0.1", "http://240.0.0.1", "http://0.0.0.0:8080", "http://224.0.0.1",
                "https://user:password@graph.example.com", "https://graph.example.com/v1?x=1", "https://graph.example.com/#x",
                "ftp://graph.example.com", "file:///etc/passwd")) {
            b.writer().body(channel(Long.toString(NUMBERS.incrementAndGet()), url, "app-secret-of-b"))
                    .put(b.path() + "/channels/whatsapp").then().statusCode(400)
                    .body("status.code", is(1001))
                    .body("status.details", containsString("apiBaseUrl"))
                    .body("status.details", org.hamcrest.Matchers.not(containsString("169.254.169.254")));
        }
        b.writer().get(b.path() + "/channels/whatsapp").then().statusCode(404);
    }

    private static void configure(BroadcastsApi api, String phone, WireMockServer server, String appSecret) {
        api.writer().body(channel(phone, server.baseUrl(), appSecret)).put(api.path() + "/channels/whatsapp")
                .then().statusCode(200);
    }

    private static Map<String, Object> channel(String phone, String apiBaseUrl, String appSecret) {
        return Map.of("phoneNumberId", phone, "accessToken", "token-of-" + phone, "appSecret", appSecret,
                "verifyToken", "verify-" + phone, "apiBaseUrl", apiBaseUrl, "apiVersion", "v21.0", "messagesPerSecond", 80);
    }

    private static void answerSent(WireMockServer server, String phone) {
        server.stubFor(post(urlEqualTo("/v21.0/" + phone + "/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.{{randomValue length=20 "
                        + "type='ALPHANUMERIC'}}\"}]}")));
        server.stubFor(post(anyUrl()).atPriority(10).willReturn(aResponse().withStatus(404)));
    }

    private static List<ServeEvent> calls(WireMockServer server, String phone) {
        return server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/v21.0/" + phone + "/messages")).toList();
    }

    private static void webhook(BroadcastsApi api, String appSecret, String body) {
        given().header("X-Hub-Signature-256", WebhookSignature.sign(body.getBytes(StandardCharsets.UTF_8), appSecret))
                .contentType("application/json").body(body).post("/webhooks/whatsapp/" + api.botKey())
                .then().statusCode(200);
    }

    private static String status(String phone, String providerId, String status) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + phone + "\"},"
                + "\"statuses\":[{\"id\":\"" + providerId + "\",\"status\":\"" + status + "\",\"timestamp\":\"1767225600\","
                + "\"recipient_id\":\"919822200001\"}]}}]}]}";
    }

    private static String inbound(String phone, String from, String messageId, String text) {
        return inbound(phone, from, messageId, text, System.currentTimeMillis() / 1000);
    }

    private static String inbound(String phone, String from, String messageId, String text, long epochSeconds) {
        return "{\"object\":\"whatsapp_business_account\",\"entry\":[{\"id\":\"WABA\",\"changes\":[{\"field\":\"messages\","
                + "\"value\":{\"messaging_product\":\"whatsapp\",\"metadata\":{\"phone_number_id\":\"" + phone + "\"},"
                + "\"contacts\":[{\"profile\":{\"name\":\"Asha\"},\"wa_id\":\"" + from + "\"}],"
                + "\"messages\":[{\"from\":\"" + from + "\",\"id\":\"" + messageId + "\",\"timestamp\":\"" + epochSeconds + "\","
                + "\"type\":\"text\",\"text\":{\"body\":\"" + text + "\"}}]}}]}]}";
    }

    private static String recipientStatus(BroadcastsApi api, String broadcastId) {
        return api.writer().get(api.path() + "/broadcasts/" + broadcastId + "/recipients").then().statusCode(200)
                .extract().jsonPath().getString("responseObject.recipients[0].status");
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().globalTemplating(true));
        server.start();
        return server;
    }
}
