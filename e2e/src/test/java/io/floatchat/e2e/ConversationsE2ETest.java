package io.floatchat.e2e;

import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import io.restassured.specification.RequestSpecification;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.is;

/** A conversation written over REST and Kafka, read back through the gateway; users-service sees the activity. */
class ConversationsE2ETest {

    private static LocalPlatform platform;
    private static DemoTenant demo;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.shared();
        demo = platform.demoTenant();
    }

    @Test
    void aConversationFromRestAndKafkaIsReadThroughTheGateway() throws Exception {
        String user = "/bot-api/v1.0/customer/" + demo.customerId() + "/bot/" + demo.botKey() + "/channel-user/919800000201";
        api().body(Map.of("messageId", "wamid.e2e-1", "direction", "INBOUND", "type", "text", "text", "Hi, is my order shipped?",
                        "timestamp", 1_767_225_600_000L))
                .post(user + "/messages").then().statusCode(201);

        String outbound = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"customerId\":" + demo.customerId() + ",\"botKey\":\""
                + demo.botKey() + "\",\"userId\":\"919800000201\",\"channel\":\"whatsapp\",\"messageId\":\"wamid.e2e-2\","
                + "\"direction\":\"OUTBOUND\",\"type\":\"text\",\"text\":\"Yes, it ships today.\",\"payload\":{},"
                + "\"timestamp\":1767225660000,\"broadcastId\":null}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                platform.infrastructure().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("floatchat.messages.v1", demo.botKey() + "/919800000201", outbound)).get();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .queryParam("start_date", "1767225600000").queryParam("page_size", "10")
                .get(user + "/conversations")
                .then().statusCode(200)
                .body("responseObject.messages.messageId", contains("wamid.e2e-1", "wamid.e2e-2"))
                .body("responseObject.messages.direction", contains("INBOUND", "OUTBOUND"))
                .body("responseObject.totalCount", is(2)));

        // the INBOUND message reached users-service through the outbox and opened the 24-hour window
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api().get(user)
                .then().statusCode(200)
                .body("responseObject.lastInboundAt", is(1_767_225_600_000L))
                .body("responseObject.lastActiveAt", is(1_767_225_660_000L)));

        api().queryParam("page_number", "0").get(user + "/conversations")
                .then().statusCode(400).body("status.code", is(1004));
    }

    private static RequestSpecification api() {
        return E2EPlatform.asDemo();
    }
}
