package io.floatchat.gateway.rest;

import io.floatchat.common.events.Topics;
import io.floatchat.gateway.Tenants;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/** Bots are announced on floatchat.tenants.v1 with their customer, before their creation is answered. */
@QuarkusTest
class TenantAnnouncementTest {

    @Test
    void aNewBotIsOnTheTenantsTopicByTheTimeItsCreationIsAnswered() throws Exception {
        try (KafkaConsumer<String, String> tenants = TestKafka.consumer(Topics.TENANTS)) {
            long customerId = Tenants.customer("Announced");
            String botKey = Tenants.bot(customerId, "first");
            assertThat(pendingAnnouncements(botKey)).isZero();

            JsonPath announced = announcements(tenants, botKey, 1).get(0);
            assertThat(announced.getString("type")).isEqualTo("bot.created");
            assertThat(announced.getLong("customerId")).isEqualTo(customerId);
            assertThat(announced.getString("botKey")).isEqualTo(botKey);
        }
    }

    @Test
    void aDeletedBotIsAnnouncedAndNoKeySeesItAnyMore() throws Exception {
        try (KafkaConsumer<String, String> tenants = TestKafka.consumer(Topics.TENANTS)) {
            long customerId = Tenants.customer("Deleting");
            String botKey = Tenants.bot(customerId, "doomed");
            String key = Tenants.apiKey(customerId, Map.of("name", "k"));
            String path = "/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users";
            given().header("Authorization", Tenants.basic(key)).get(path).then().statusCode(200);

            Tenants.admin().delete("/admin/v1/customers/" + customerId + "/bots/" + botKey).then().statusCode(204);
            assertThat(pendingAnnouncements(botKey)).isZero();
            List<JsonPath> seen = announcements(tenants, botKey, 2);
            assertThat(seen).extracting(event -> event.getString("type")).containsExactly("bot.created", "bot.deleted");
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> given().header("Authorization", Tenants.basic(key))
                    .get(path).then().statusCode(400).body("status.code", is(1002)));

            Tenants.admin().delete("/admin/v1/customers/" + customerId + "/bots/" + botKey).then().statusCode(404);
            Tenants.admin().delete("/admin/v1/customers/" + (customerId + 1) + "/bots/" + botKey).then().statusCode(404);
        }
    }

    private static List<JsonPath> announcements(KafkaConsumer<String, String> consumer, String botKey, int count) {
        List<JsonPath> seen = new ArrayList<>();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                if (botKey.equals(record.key())) {
                    seen.add(JsonPath.from(record.value()));
                }
            }
            return seen.size() >= count;
        });
        return seen;
    }

    private static long pendingAnnouncements(String botKey) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FROM gateway.outbox WHERE topic = ? AND record_key = ?")) {
            select.setString(1, Topics.TENANTS);
            select.setString(2, botKey);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }
}
