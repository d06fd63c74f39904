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

/** Users made by a CRM through the gateway and by an ingest producer on Kafka, found with the Users API. */
class UsersE2ETest {

    private static LocalPlatform platform;
    private static DemoTenant demo;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.shared();
        demo = platform.demoTenant();
    }

    @Test
    void usersFromRestAndKafkaAreFoundThroughTheGateway() throws Exception {
        String prefix = "/bot-api/v1.0/customer/" + demo.customerId() + "/bot/" + demo.botKey();
        api().body(Map.of("name", "Asha", "attributes", Map.of("plan", "gold", "feedback", 1)))
                .patch(prefix + "/channel-user/919800000101/attributes")
                .then().statusCode(200).body("responseObject.name", is("Asha"));

        String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"customerId\":" + demo.customerId()
                + ",\"botKey\":\"" + demo.botKey() + "\",\"userId\":\"919800000102\",\"channel\":\"whatsapp\","
                + "\"name\":\"Ravi\",\"attributes\":{\"plan\":\"gold\",\"feedback\":\"1\"},\"occurredAt\":1}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                platform.infrastructure().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("floatchat.user-attributes.v1", demo.botKey() + "/919800000102", event)).get();
        }

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .queryParam("attribute_name", "feedback").queryParam("attribute_value", "1")
                .get(prefix + "/users")
                .then().statusCode(200)
                .header("RateLimit-Limit", is("100"))
                .body("responseObject.users.userId", contains("919800000101", "919800000102"))
                .body("responseObject.users.name", contains("Asha", "Ravi"))
                .body("responseObject.totalCount", is(2)));

        api().get(prefix + "/channel-user/919800000102")
                .then().statusCode(200).body("responseObject.attributes.plan", is("gold"));
        api().get(prefix + "/channel-user/nobody")
                .then().statusCode(400).body("status.code", is(1002));
    }

    private static RequestSpecification api() {
        return E2EPlatform.asDemo();
    }
}
