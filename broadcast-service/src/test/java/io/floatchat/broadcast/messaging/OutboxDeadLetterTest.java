package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.floatchat.common.events.OutboxEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.PrometheusMetrics;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.floatchat.broadcast.messaging.OutboxPackingTest.receive;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The poison row: a record Kafka refuses for good never holds back the rows behind it. It is kept in
 * outbox_dead_letter with its reason, counted and logged, and everything else is published once.
 */
@QuarkusTest
class OutboxDeadLetterTest {

    // a topic of the platform no consumer of broadcast-service reads; each test's keys are its own
    private static final String TOPIC = Topics.TRIGGER_EVENTS;

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Test
    void aRecordOverKafkasLimitBecomesADeadLetterAndTheRowsAfterItArePublished() {
        String run = UUID.randomUUID().toString();
        double before = PrometheusMetrics.value("floatchat_outbox_dead_letters_total", "topic", TOPIC, "kind", "too_large");
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TOPIC)) {
            append(new Padded(TOPIC, "huge-" + run, "huge", "x".repeat(Topics.MOST_RECORD_BYTES + 1_000)));
            append(new Padded(TOPIC, "after-" + run, "after", ""));

            assertThat(receive(consumer, run, 1)).extracting(ConsumerRecord::key).containsExactly("after-" + run);
        }
        List<Map<String, Object>> letters = awaitDeadLetters("huge-" + run, 1);
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter).containsEntry("topic", TOPIC);
            assertThat((Integer) letter.get("bytes")).isGreaterThan(Topics.MOST_RECORD_BYTES);
            assertThat((String) letter.get("reason")).contains("too large");
            assertThat((String) letter.get("payload")).contains("\"eventId\": \"huge\"");
        });
        assertThat(rowsMentioning(run)).isZero();
        assertThat(PrometheusMetrics.value("floatchat_outbox_dead_letters_total", "topic", TOPIC, "kind", "too_large"))
                .isEqualTo(before + 1);
        // Kafka's refusal of one record is not a failure of the outbox channel
        given().get("/q/health/ready").then().statusCode(200);
    }

    @Test
    void theOtherRecordsOfAPackedRowWithOneRecordTooLargeArePublishedExactlyOnce() {
        String run = UUID.randomUUID().toString();
        List<Padded> entries = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            entries.add(new Padded(TOPIC, "small-" + i + "-" + run, "small-" + i, ""));
        }
        entries.add(10, new Padded(TOPIC, "huge-" + run, "huge", "y".repeat(Topics.MOST_RECORD_BYTES)));
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TOPIC)) {
            append(entries.toArray(Padded[]::new));

            List<ConsumerRecord<String, String>> received = receive(consumer, run, 20);
            awaitDeadLetters("huge-" + run, 1);
            // the row went in the transaction that kept the dead letter: nothing is left for a round to send again
            assertThat(rowsMentioning(run)).isZero();
            assertThat(received).extracting(ConsumerRecord::key).doesNotHaveDuplicates().hasSize(20)
                    .noneMatch(key -> key.startsWith("huge-"));
        }
    }

    @Test
    void aRowForATopicThePlatformDoesNotHaveIsADeadLetterAndLaterRowsGoOn() throws Exception {
        String run = UUID.randomUUID().toString();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TOPIC);
             Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO broadcast.outbox (topic, record_key, payload) VALUES "
                    + "('floatchat.typo.v1', 'typo-" + run + "', '{\"eventId\": \"typo\"}'), "
                    + "('" + TOPIC + "', 'after-" + run + "', '{\"eventId\": \"after\"}')");
            outbox.publishSoon();

            assertThat(receive(consumer, run, 1)).extracting(ConsumerRecord::key).containsExactly("after-" + run);
        }
        assertThat(awaitDeadLetters("typo-" + run, 1)).singleElement().satisfies(letter -> {
            assertThat(letter).containsEntry("topic", "floatchat.typo.v1");
            assertThat((String) letter.get("reason")).contains("no topic floatchat.typo.v1");
        });
    }

    @Test
    void aDamagedPackedRowIsKeptAsADeadLetterAndTheEventsAfterItAreStillPublished() throws Exception {
        String run = UUID.randomUUID().toString();
        String damaged = "[[\"" + TOPIC + "\", \"damaged-" + run + "\", ";
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TOPIC);
             Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO broadcast.outbox (records, record_count) VALUES ('" + damaged + "', 2)");
            statement.executeUpdate("INSERT INTO broadcast.outbox (topic, record_key, payload) VALUES ('" + TOPIC
                    + "', 'after-" + run + "', '{\"eventId\": \"after\"}')");
            outbox.publishSoon();

            assertThat(receive(consumer, run, 1)).extracting(ConsumerRecord::value).containsExactly("{\"eventId\": \"after\"}");
        }
        List<Map<String, Object>> letters = pool.preparedQuery("SELECT topic, payload, reason FROM outbox_dead_letter WHERE payload = $1")
                .execute(Tuple.of(damaged)).map(OutboxDeadLetterTest::maps).await().atMost(Duration.ofSeconds(5));
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.get("topic")).isNull();
            assertThat((String) letter.get("reason")).contains("not JSON");
        });
        assertThat(rowsMentioning(run)).isZero();
    }

    /** A test's event, for whatever topic and key the test names. */
    record Padded(@JsonIgnore String outboxTopic, @JsonIgnore String outboxKey, String eventId, String pad) implements OutboxEvent {
    }

    private void append(Padded... entries) {
        pool.withTransaction(transaction -> outbox.appendAll(transaction, List.of(entries)))
                .await().atMost(Duration.ofSeconds(10));
        outbox.publishSoon();
    }

    private List<Map<String, Object>> awaitDeadLetters(String key, int count) {
        List<Map<String, Object>> letters = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            letters.clear();
            letters.addAll(pool.preparedQuery("SELECT topic, record_key, payload, bytes, reason FROM outbox_dead_letter "
                            + "WHERE record_key = $1").execute(Tuple.of(key))
                    .map(OutboxDeadLetterTest::maps).await().atMost(Duration.ofSeconds(5)));
            return letters.size() >= count;
        });
        return letters;
    }

    private static List<Map<String, Object>> maps(Iterable<Row> rows) {
        List<Map<String, Object>> maps = new ArrayList<>();
        rows.forEach(row -> maps.add(row.toJson().getMap()));
        return maps;
    }

    private long rowsMentioning(String marker) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE record_key LIKE '%' || $1 || '%' OR records LIKE '%' || $1 || '%'")
                .execute(Tuple.of(marker))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(5));
    }
}
