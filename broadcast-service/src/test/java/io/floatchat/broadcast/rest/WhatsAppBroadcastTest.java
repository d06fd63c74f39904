package io.floatchat.broadcast.rest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** Broadcasts through a real HTTP server that answers like Meta's WhatsApp Cloud API. */
@QuarkusTest
class WhatsAppBroadcastTest {

    private static final WireMockServer META = start();
    private static final AtomicLong PHONE_NUMBER_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final Map<String, Object> TEMPLATE = Map.of("type", "template", "template",
            Map.of("name", "order_update", "language", Map.of("code", "en_US")));

    @AfterAll
    static void stop() {
        META.stop();
    }

    @Test
    void theChannelIsStoredEncryptedAndShownMaskedWithoutACharacterOfItsSecrets() throws Exception {
        BroadcastsApi api = new BroadcastsApi();
        String phone = configure(api, 80);
        String shown = api.writer().get(api.path() + "/channels/whatsapp").then().statusCode(200)
                .body("responseObject.phoneNumberId", is(phone))
                .body("responseObject.accessToken", is("********"))
                .body("responseObject.appSecret", is("********"))
                .body("responseObject.verifyToken", is("********"))
                .body("responseObject.messagesPerSecond", is(80))
                .extract().asString();
        assertThat(shown).doesNotContain("9876").doesNotContain("ret1").doesNotContain("me-123");
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT row_to_json(c)::text FROM broadcast.channel_account c WHERE bot_key = ?")) {
            select.setString(1, api.botKey());
            try (ResultSet row = select.executeQuery()) {
                row.next();
                assertThat(row.getString(1)).doesNotContain("tok-secret-value").doesNotContain("app-secret");
            }
        }
    }

    @Test
    void sendsArePacedAtTheAccountsRate() {
        BroadcastsApi api = new BroadcastsApi();
        String phone = configure(api, 20);
        stubSuccess(phone);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            users.add("9190000" + String.format("%04d", i));
        }
        String id = api.create(Map.of("name", "paced", "channel", "whatsapp", "channelUserIds", users, "message", TEMPLATE))
                .getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(api.get(id).getInt("responseObject.counts.sent")).isEqualTo(100));

        List<ServeEvent> calls = calls(phone);
        assertThat(calls).hasSize(100);
        long first = calls.stream().mapToLong(call -> call.getRequest().getLoggedDate().getTime()).min().orElseThrow();
        long last = calls.stream().mapToLong(call -> call.getRequest().getLoggedDate().getTime()).max().orElseThrow();
        assertThat(last - first).isGreaterThanOrEqualTo(4_500);
        JsonPath body = JsonPath.from(calls.get(0).getRequest().getBodyAsString());
        assertThat(body.getString("messaging_product")).isEqualTo("whatsapp");
        assertThat(body.getString("type")).isEqualTo("template");
        assertThat(body.getString("template.name")).isEqualTo("order_update");
        assertThat(calls.get(0).getRequest().getHeader("Authorization")).isEqualTo("Bearer tok-secret-value-9876");
    }

    @Test
    void aRateLimitIsRetriedAndAPermanentErrorIsRecorded() {
        BroadcastsApi api = new BroadcastsApi();
        String phone = configure(api, 80);
        String url = "/v21.0/" + phone + "/messages";
        META.stubFor(post(urlEqualTo(url)).withRequestBody(matchingJsonPath("$.to", equalTo("919811111111")))
                .inScenario("limit-" + phone).whenScenarioStateIs(STARTED).willSetStateTo("cooled")
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"(#130429) Rate limit hit\",\"type\":\"OAuthException\","
                                + "\"code\":130429,\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":"
                                + "\"Cloud API message throughput has been reached.\"},\"fbtrace_id\":\"Az8or2yhqkZfEZ-_4Qn_Bam\"}}")));
        META.stubFor(post(urlEqualTo(url)).withRequestBody(matchingJsonPath("$.to", equalTo("919811111111")))
                .inScenario("limit-" + phone).whenScenarioStateIs("cooled")
                .willReturn(success("wamid.after-retry")));
        META.stubFor(post(urlEqualTo(url)).withRequestBody(matchingJsonPath("$.to", equalTo("919822222222")))
                .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "application/json")
                        .withBody("{\"error\":{\"message\":\"Message undeliverable\",\"type\":\"OAuthException\","
                                + "\"code\":131026,\"error_data\":{\"messaging_product\":\"whatsapp\",\"details\":"
                                + "\"Message Undeliverable.\"},\"fbtrace_id\":\"AbCdEf\"}}")));

        String id = api.create(Map.of("name", "mixed", "channel", "whatsapp",
                "channelUserIds", List.of("919811111111", "919822222222"), "message", TEMPLATE))
                .getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get(id).getString("responseObject.status")).isEqualTo("COMPLETED"));

        api.writer().get(api.path() + "/broadcasts/" + id + "/recipients?status=SENT").then()
                .body("responseObject.recipients[0].userId", is("919811111111"))
                .body("responseObject.recipients[0].providerMessageId", is("wamid.after-retry"));
        api.writer().get(api.path() + "/broadcasts/" + id + "/recipients?status=FAILED").then()
                .body("responseObject.recipients[0].userId", is("919822222222"))
                .body("responseObject.recipients[0].error.code", is("131026"))
                .body("responseObject.recipients[0].error.message", is("Message undeliverable: Message Undeliverable."));
        META.verify(2, postRequestedFor(urlEqualTo(url)).withRequestBody(matchingJsonPath("$.to", equalTo("919811111111"))));
        META.verify(1, postRequestedFor(urlEqualTo(url)).withRequestBody(matchingJsonPath("$.to", equalTo("919822222222"))));
    }

    @Test
    void aProviderThatAnswersAByteAtATimeIsCutOffAtTheDeadlineAndTheSendFails() {
        BroadcastsApi api = new BroadcastsApi();
        String phone = configure(api, 80);
        META.stubFor(post(urlEqualTo("/v21.0/" + phone + "/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.too-late\"}]}")
                .withChunkedDribbleDelay(40, 60_000)));
        String id = api.create(Map.of("name", "slow", "channel", "whatsapp", "channelUserIds", List.of("919877777777"),
                "message", TEMPLATE)).getString("responseObject.broadcastId");
        // five attempts of at most 3 s each (the test's provider timeout), then the recipient's answer
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() ->
                assertThat(api.get(id).getString("responseObject.status")).isEqualTo("COMPLETED"));
        api.writer().get(api.path() + "/broadcasts/" + id + "/recipients").then()
                .body("responseObject.recipients[0].status", is("FAILED"))
                .body("responseObject.recipients[0].error.code", is("NETWORK"))
                .body("responseObject.recipients[0].error.message", org.hamcrest.Matchers.containsString("no whole answer"));
        assertThat(calls(phone)).hasSize(5);
    }

    @Test
    void freeFormMessagesGoOnlyToUsersInsideTheWindow() {
        BroadcastsApi api = new BroadcastsApi();
        String phone = configure(api, 80);
        stubSuccess(phone);
        TestKafka.send(Topics.MESSAGES, api.botKey() + "/919833333333", "{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"customerId\":10001,\"botKey\":\"" + api.botKey() + "\",\"userId\":\"919833333333\","
                + "\"messageId\":\"wamid.in-1\",\"direction\":\"INBOUND\",\"type\":\"text\",\"text\":\"hi\","
                + "\"timestamp\":" + (System.currentTimeMillis() - 60_000) + "}");
        TestKafka.send(Topics.MESSAGES, api.botKey() + "/919844444444", "{\"eventId\":\"" + UUID.randomUUID()
                + "\",\"customerId\":10001,\"botKey\":\"" + api.botKey() + "\",\"userId\":\"919844444444\","
                + "\"messageId\":\"wamid.in-2\",\"direction\":\"INBOUND\",\"type\":\"text\",\"text\":\"old\","
                + "\"timestamp\":" + (System.currentTimeMillis() - 25 * 3_600_000L) + "}");
        await().atMost(Duration.ofSeconds(20)).until(() -> windowRows(api.botKey()) == 2);

        String id = api.create(Map.of("name", "free-form", "channel", "whatsapp",
                "channelUserIds", List.of("919833333333", "919844444444", "919855555555"),
                "message", Map.of("type", "text", "text", "Your order shipped")))
                .getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get(id).getString("responseObject.status")).isEqualTo("COMPLETED"));
        JsonPath broadcast = api.get(id);
        assertThat(broadcast.getInt("responseObject.counts.sent")).isEqualTo(1);
        assertThat(broadcast.getInt("responseObject.counts.skipped")).isEqualTo(2);
        api.writer().get(api.path() + "/broadcasts/" + id + "/recipients?status=SENT").then()
                .body("responseObject.recipients[0].userId", is("919833333333"));
        List<ServeEvent> calls = calls(phone);
        assertThat(calls).hasSize(1);
        JsonPath body = JsonPath.from(calls.get(0).getRequest().getBodyAsString());
        assertThat(body.getString("text.body")).isEqualTo("Your order shipped");
        assertThat(body.getString("to")).isEqualTo("919833333333");
    }

    private static String configure(BroadcastsApi api, int messagesPerSecond) {
        String phone = Long.toString(PHONE_NUMBER_IDS.incrementAndGet());
        api.writer().body(Map.of("phoneNumberId", phone, "accessToken", "tok-secret-value-9876", "appSecret", "app-secret1",
                        "verifyToken", "verify-me-123", "apiBaseUrl", META.baseUrl(), "apiVersion", "v21.0",
                        "messagesPerSecond", messagesPerSecond))
                .put(api.path() + "/channels/whatsapp").then().statusCode(200);
        return phone;
    }

    private static void stubSuccess(String phone) {
        META.stubFor(post(urlEqualTo("/v21.0/" + phone + "/messages"))
                .willReturn(success("wamid.{{randomValue length=24 type='ALPHANUMERIC'}}")));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder success(String id) {
        return aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"{{jsonPath request.body '$.to'}}\","
                        + "\"wa_id\":\"{{jsonPath request.body '$.to'}}\"}],\"messages\":[{\"id\":\"" + id + "\"}]}");
    }

    private static List<ServeEvent> calls(String phone) {
        return META.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/v21.0/" + phone + "/messages")).toList();
    }

    private static long windowRows(String botKey) throws Exception {
        try (Connection connection = connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM broadcast.inbound_window WHERE bot_key = ?")) {
            select.setString(1, botKey);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    private static Connection connect() throws Exception {
        return EmbeddedPostgresServer.connect();
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().globalTemplating(true));
        server.start();
        return server;
    }
}
