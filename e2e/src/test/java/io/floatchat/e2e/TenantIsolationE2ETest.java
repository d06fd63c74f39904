package io.floatchat.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.floatchat.local.LocalPlatform;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/**
 * Two tenants of one platform, through its gateway, the second playing the hostile tenant of issue
 * #20: it tries to take over the first's WhatsApp number, to aim the platform at cloud metadata, to
 * widen its own key, to hold a messaging window open for ever, to confuse the router, and to write
 * into the first's bot over Kafka. Every attempt is refused, and the first tenant's traffic is its own.
 */
class TenantIsolationE2ETest {

    private static LocalPlatform platform;
    private static WireMockServer metaOfA;
    private static WireMockServer serverOfB;
    private static Tenant a;
    private static Tenant b;

    @BeforeAll
    static void tenants() {
        platform = E2EPlatform.shared();
        metaOfA = new WireMockServer(options().dynamicPort().globalTemplating(true));
        serverOfB = new WireMockServer(options().dynamicPort().globalTemplating(true));
        metaOfA.start();
        serverOfB.start();
        a = Tenant.create("Tenant A");
        b = Tenant.create("Tenant B");
    }

    @AfterAll
    static void stop() {
        metaOfA.stop();
        serverOfB.stop();
    }

    @Test
    void theSecondTenantCannotTakeOverTheFirstsNumberAndTheFirstsBroadcastReachesOnlyItsOwnServer() {
        String phone = "8" + (System.nanoTime() % 1_000_000_000L);
        for (WireMockServer server : List.of(metaOfA, serverOfB)) {
            server.stubFor(post(urlEqualTo("/v21.0/" + phone + "/messages")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Type", "application/json")
                    .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.{{randomValue length=20 "
                            + "type='ALPHANUMERIC'}}\"}]}")));
        }
        a.api().body(channel(phone, metaOfA.baseUrl())).put(a.prefix() + "/channels/whatsapp").then().statusCode(200);
        b.api().body(channel(phone, serverOfB.baseUrl())).put(b.prefix() + "/channels/whatsapp").then().statusCode(409)
                .body("status.code", is(1006)).body("status.desc", is("CONFLICT"));

        String id = a.api().body(Map.of("name", "orders", "channel", "whatsapp", "channelUserIds",
                        List.of("919812300001", "919812300002"), "message", Map.of("type", "template", "template",
                                Map.of("name", "order_update", "language", Map.of("code", "en")))))
                .post(a.prefix() + "/broadcasts").then().statusCode(202).extract().jsonPath().getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> a.api().get(a.prefix() + "/broadcasts/" + id).then()
                .body("responseObject.counts.sent", is(2)));
        assertThat(calls(metaOfA, phone)).isEqualTo(2);
        assertThat(calls(serverOfB, phone)).isZero();
    }

    @Test
    void cloudMetadataIsNoApiBaseUrlAndTheRefusalNamesNoAddress() {
        b.api().body(channel("8" + (System.nanoTime() % 1_000_000_000L), "http://169.254.169.254/latest/meta-data?"))
                .put(b.prefix() + "/channels/whatsapp").then().statusCode(400)
                .body("status.code", is(1001)).body("status.details", containsString("apiBaseUrl"));
        b.api().body(channel("8" + (System.nanoTime() % 1_000_000_000L), "http://169.254.169.254"))
                .put(b.prefix() + "/channels/whatsapp").then().statusCode(400)
                .body("status.details", containsString("link-local"));
    }

    @Test
    void aKeyThatManagesKeysForOneBotCannotMintAWiderOne() {
        String manager = b.key(Map.of("name", "manager", "scopes", List.of("keys:manage"), "botKeys", List.of(b.botKey())));
        given().baseUri(platform.gatewayUrl()).header("Authorization", "Basic " + manager).contentType(ContentType.JSON)
                .body(Map.of("name", "everything", "scopes", List.of("users:read", "broadcasts:write", "keys:manage")))
                .post("/bot-api/v1.0/customer/" + b.customerId() + "/api-keys").then().statusCode(403)
                .body("status.code", is(403));
    }

    @Test
    void aMessageFromTheYear2100IsRefused() {
        b.api().body(Map.of("messageId", "from-2100", "direction", "INBOUND", "type", "text", "text", "hi",
                        "timestamp", 4_102_444_800_000L))
                .post(b.prefix() + "/channel-user/919812300009/messages").then().statusCode(400).body("status.code", is(1001));
    }

    @Test
    void aPathThatReadsDifferentlyToDifferentParsersIs400() throws Exception {
        URI gateway = URI.create(platform.gatewayUrl());
        try (Socket socket = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + b.prefix() + "/channel-user/%00%2e%2e%2f/conversations HTTP/1.1\r\nHost: localhost\r\n"
                    + "Authorization: Basic " + b.apiKey() + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertThat(answer).startsWith("HTTP/1.1 400").contains("\"code\":1001");
        }
    }

    @Test
    void aPersonalisedRetryWithTheSameKeyGetsTheFirstAnswerAfterTheBroadcastWasSent() {
        a.api().body(Map.of("name", "Asha", "attributes", Map.of("segment", "retry-e2e")))
                .patch(a.prefix() + "/channel-user/919812300021/attributes").then().statusCode(200);
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "retry", "channel", "sandbox",
                "audience", Map.of("attribute_name", "segment", "attribute_value", "retry-e2e"),
                "message", Map.of("type", "text", "text", "Hi {{user.name}}"));
        String id = a.api().header("Idempotency-Key", key).body(body).post(a.prefix() + "/broadcasts").then().statusCode(202)
                .extract().jsonPath().getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> a.api().get(a.prefix() + "/broadcasts/" + id).then()
                .body("responseObject.status", is("COMPLETED")));
        a.api().body(Map.of("name", "Ravi", "attributes", Map.of("segment", "retry-e2e")))
                .patch(a.prefix() + "/channel-user/919812300022/attributes").then().statusCode(200);

        a.api().header("Idempotency-Key", key).body(body).post(a.prefix() + "/broadcasts").then().statusCode(202)
                .body("responseObject.broadcastId", is(id)).body("responseObject.recipientCount", is(1));
    }

    @Test
    void anAttributesEventForTheFirstTenantsBotFromTheSecondGoesToTheDeadLetterTopic() {
        String bootstrap = platform.infrastructure().kafkaBootstrapServers();
        try (KafkaConsumer<String, String> dlq = new KafkaConsumer<>(Map.of("bootstrap.servers", bootstrap,
                "group.id", "e2e-" + UUID.randomUUID(), "auto.offset.reset", "earliest"), new StringDeserializer(),
                new StringDeserializer());
             KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers", bootstrap),
                     new StringSerializer(), new StringSerializer())) {
            dlq.subscribe(List.of("floatchat.user-attributes.dlq.v1"));
            String userKey = a.botKey() + "/919812300031";
            producer.send(new ProducerRecord<>("floatchat.user-attributes.v1", userKey, "{\"eventId\":\"" + UUID.randomUUID()
                    + "\",\"customerId\":" + b.customerId() + ",\"botKey\":\"" + a.botKey() + "\",\"userId\":\"919812300031\","
                    + "\"attributes\":{\"plan\":\"hijacked\"}}")).get();
            List<JsonPath> letters = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, String> record : dlq.poll(Duration.ofMillis(300))) {
                    if (userKey.equals(record.key())) {
                        letters.add(JsonPath.from(record.value()));
                    }
                }
                return !letters.isEmpty();
            });
            assertThat(letters.get(0).getString("reason")).contains("has no bot " + a.botKey());
            assertThat(letters.get(0).getString("consumer")).isEqualTo("users-service");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        a.api().get(a.prefix() + "/channel-user/919812300031").then().statusCode(400).body("status.code", is(1002));
    }

    private static Map<String, Object> channel(String phone, String apiBaseUrl) {
        return Map.of("phoneNumberId", phone, "accessToken", "token-" + phone, "appSecret", "secret-" + phone,
                "verifyToken", "verify-" + phone, "apiBaseUrl", apiBaseUrl, "apiVersion", "v21.0", "messagesPerSecond", 80);
    }

    private static long calls(WireMockServer server, String phone) {
        return server.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/v21.0/" + phone + "/messages")).count();
    }

    /** A customer with a bot and a key of every default scope, made through the operator API. */
    private record Tenant(long customerId, String botKey, String apiKey) {

        static Tenant create(String name) {
            long customerId = admin().body(Map.of("name", name)).post("/admin/v1/customers").then().statusCode(201)
                    .extract().jsonPath().getLong("responseObject.customerId");
            String botKey = admin().body(Map.of("name", "bot")).post("/admin/v1/customers/" + customerId + "/bots")
                    .then().statusCode(201).extract().jsonPath().getString("responseObject.botKey");
            String apiKey = admin().body(Map.of("name", "key")).post("/admin/v1/customers/" + customerId + "/api-keys")
                    .then().statusCode(201).extract().jsonPath().getString("responseObject.apiKey");
            return new Tenant(customerId, botKey, apiKey);
        }

        String key(Map<String, Object> body) {
            return admin().body(body).post("/admin/v1/customers/" + customerId + "/api-keys").then().statusCode(201)
                    .extract().jsonPath().getString("responseObject.apiKey");
        }

        RequestSpecification api() {
            return given().baseUri(platform.gatewayUrl()).header("Authorization", "Basic " + apiKey).contentType(ContentType.JSON);
        }

        String prefix() {
            return "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey;
        }

        private static RequestSpecification admin() {
            return given().baseUri(platform.gatewayUrl()).header("Authorization", "Bearer " + E2EPlatform.ADMIN_TOKEN)
                    .contentType(ContentType.JSON);
        }
    }
}
