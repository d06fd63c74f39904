package io.floatchat.gateway.security;

import io.floatchat.common.events.ApiKeyEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.gateway.Tenants;
import io.floatchat.testing.EmbeddedKafkaServer;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.floatchat.gateway.Tenants.admin;
import static org.hamcrest.Matchers.is;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

@QuarkusTest
class RevocationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long customerId;
    private static String path;

    /** Once per class; in @BeforeEach because RestAssured knows the test port only then. */
    @BeforeEach
    void tenant() {
        if (path != null) {
            return;
        }
        customerId = Tenants.customer("Revocation Co");
        String botKey = Tenants.bot(customerId, "bot");
        path = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users";
    }

    @Test
    void aKeyRevokedHereStopsAtOnce() {
        Map<String, Object> key = Tenants.key(customerId, Map.of("name", "to-revoke"));
        assertThat(status((String) key.get("apiKey"))).isEqualTo(200);
        admin().delete("/admin/v1/customers/" + customerId + "/api-keys/" + key.get("keyId")).then().statusCode(200);
        assertThat(status((String) key.get("apiKey"))).isEqualTo(401);
    }

    @Test
    void aKeyRevokedByAnotherReplicaWithoutAnyKafkaEventStopsHereWithinASecond() throws Exception {
        Map<String, Object> key = Tenants.key(customerId, Map.of("name", "revoked-elsewhere"));
        assertThat(status((String) key.get("apiKey"))).isEqualTo(200);
        // another replica's revocation while Kafka is down: its table rows, and no event that reaches this one
        try (Connection connection = EmbeddedPostgresServer.connect(); var statement = connection.createStatement()) {
            statement.execute("BEGIN; UPDATE gateway.api_key SET status = 'REVOKED', revoked_at = now() WHERE id = '"
                    + key.get("keyId") + "'; INSERT INTO gateway.key_change (key_id, customer_id) VALUES ('" + key.get("keyId")
                    + "', " + customerId + "); COMMIT");
        }
        // the key is cached here for 30 s: only the change log can evict it this soon
        await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(50))
                .until(() -> status((String) key.get("apiKey")) == 401);
    }

    @Test
    void aRevocationIsPublishedThroughTheOutboxAsAnApiKeyEvent() throws Exception {
        Map<String, Object> key = Tenants.key(customerId, Map.of("name", "announced"));
        String keyId = (String) key.get("keyId");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", EmbeddedKafkaServer.bootstrapServers(),
                "group.id", "test-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(Topics.APIKEY_EVENTS));
            admin().delete("/admin/v1/customers/" + customerId + "/api-keys/" + keyId).then().statusCode(200);

            List<ApiKeyEvent> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (keyId.equals(record.key())) {
                        events.add(JSON.readValue(record.value(), ApiKeyEvent.class));
                    }
                }
                return !events.isEmpty();
            });
            assertThat(events.get(0).type()).isEqualTo(ApiKeyEvent.REVOKED);
            assertThat(events.get(0).keyId()).isEqualTo(keyId);
            assertThat(events.get(0).customerId()).isEqualTo(customerId);
            assertThat(events.get(0).eventId()).isNotBlank();
        }
        assertThat(outboxRows()).as("relayed rows are deleted").isZero();
    }

    @Test
    void aRevocationEventFromAnotherReplicaEvictsTheCachedKey() throws Exception {
        // the bot's creation evicts every key of the customer while it is in the change log's window: past it,
        // only the event can tell this replica (on a slow machine this test came within the window)
        await().atMost(KeyChangeWatcher.WINDOW.plusSeconds(5)).pollInterval(Duration.ofMillis(200))
                .until(() -> recentKeyChanges(customerId, KeyChangeWatcher.WINDOW.plusSeconds(1)) == 0);
        Map<String, Object> key = Tenants.key(customerId, Map.of("name", "revoked-elsewhere"));
        String keyId = (String) key.get("keyId");
        assertThat(status((String) key.get("apiKey"))).isEqualTo(200);

        // another replica revokes: the row changes, and only the event tells this replica
        try (Connection connection = EmbeddedPostgresServer.connect();
             PreparedStatement revoke = connection.prepareStatement(
                     "UPDATE gateway.api_key SET status = 'REVOKED', revoked_at = now() WHERE id = ?")) {
            revoke.setString(1, keyId);
            assertThat(revoke.executeUpdate()).isEqualTo(1);
        }
        assertThat(status((String) key.get("apiKey"))).as("still cached").isEqualTo(200);

        String event = "{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"" + ApiKeyEvent.REVOKED
                + "\",\"keyId\":\"" + keyId + "\",\"customerId\":" + customerId + ",\"occurredAt\":1}";
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                "bootstrap.servers", EmbeddedKafkaServer.bootstrapServers()), new StringSerializer(), new StringSerializer())) {
            // sent until seen: the consumer may still be joining its group when the first one goes out
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(200)).until(() -> {
                producer.send(new ProducerRecord<>(Topics.APIKEY_EVENTS, keyId, event)).get();
                return status((String) key.get("apiKey")) == 401;
            });
        }
    }

    @Test
    void customersManageTheirOwnKeysWithKeysManage() {
        // a manager hands out only scopes it has itself (DelegationTest)
        String manager = Tenants.apiKey(customerId, Map.of("name", "manager", "scopes", List.of("keys:manage", "users:read")));
        String own = "/bot-api/v1.0/customer/" + customerId + "/api-keys";

        String created = given().header("Authorization", "Basic " + manager).contentType("application/json")
                .body(Map.of("name", "made-by-customer", "scopes", List.of("users:read")))
                .post(own)
                .then().statusCode(201)
                .extract().jsonPath().getString("responseObject.apiKey");
        assertThat(status(created)).isEqualTo(200);
        given().header("Authorization", "Basic " + manager).get(own)
                .then().statusCode(200)
                .body("responseObject.apiKeys.name", org.hamcrest.Matchers.hasItem("made-by-customer"));

        long stranger = Tenants.customer("Not yours");
        given().header("Authorization", "Basic " + manager).get("/bot-api/v1.0/customer/" + stranger + "/api-keys")
                .then().statusCode(400)
                .body("status.code", org.hamcrest.Matchers.is(1002));
        given().header("Authorization", "Basic " + created).get(own)
                .then().statusCode(403)
                .body("status.code", is(403)).body("status.desc", is("FORBIDDEN"));
    }

    private static long outboxRows() throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect();
             var rows = connection.createStatement().executeQuery("SELECT count(*) FROM gateway.outbox")) {
            rows.next();
            return rows.getLong(1);
        }
    }

    private static int status(String key) {
        return given().header("Authorization", "Basic " + key).get(path).statusCode();
    }

    /** The customer's entries in the key change log written within {@code window}. */
    private static int recentKeyChanges(long customerId, Duration window) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement count = connection.prepareStatement(
                "SELECT count(*) FROM gateway.key_change WHERE customer_id = ? AND changed_at > clock_timestamp() - ? * interval '1 millisecond'")) {
            count.setLong(1, customerId);
            count.setLong(2, window.toMillis());
            try (ResultSet rows = count.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}
