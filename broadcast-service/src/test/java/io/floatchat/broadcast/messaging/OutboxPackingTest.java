package io.floatchat.broadcast.messaging;

import io.floatchat.common.outbox.Outbox;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
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
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The outbox (common) as a group of broadcast outcomes uses it: many events of one transaction share
 * a row, and the relay publishes each of them, in order, with its own topic and key.
 */
@QuarkusTest
class OutboxPackingTest {

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Test
    void manyEventsOfOneTransactionShareRowsOfAtMostFiveHundredAndEachIsPublishedInOrder() throws Exception {
        String events = newTopic("events");
        String messages = newTopic("messages");
        List<Outbox.Entry> entries = new ArrayList<>();
        for (int i = 0; i < 1_201; i++) {
            entries.add(new Outbox.Entry(i % 2 == 0 ? events : messages, "key-" + i % 2, new NumberedEvent("e" + i, i)));
        }
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(events, messages)) {
            List<Integer> storedRows = pool.withTransaction(transaction -> outbox.appendAll(transaction, entries)
                            // seen from inside the transaction, before the relay can see (and delete) them
                            .flatMap(appended -> transaction.query("SELECT record_count FROM outbox WHERE records IS NOT NULL "
                                    + "AND records LIKE '%" + events + "%' ORDER BY id").execute()))
                    .map(rows -> {
                        List<Integer> counts = new ArrayList<>();
                        rows.forEach(row -> counts.add(row.getInteger("record_count")));
                        return counts;
                    })
                    .await().atMost(Duration.ofSeconds(10));
            outbox.publishSoon();
            assertThat(storedRows).containsExactly(500, 500, 201);

            List<ConsumerRecord<String, String>> received = receive(consumer, 1_201);
            assertThat(received).filteredOn(record -> record.topic().equals(events))
                    .extracting(ConsumerRecord::key).containsOnly("key-0");
            assertThat(received).filteredOn(record -> record.topic().equals(messages))
                    .extracting(ConsumerRecord::key).containsOnly("key-1");
            assertThat(received).filteredOn(record -> record.topic().equals(events)).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(expected(0, 1_201));
            assertThat(received).filteredOn(record -> record.topic().equals(messages)).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(expected(1, 1_201));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rowsMentioning(events) == 0);
    }

    @Test
    void aDamagedPackedRowIsDroppedAndTheEventsAfterItAreStillPublished() throws Exception {
        String topic = newTopic("after-damage");
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(topic);
             Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO broadcast.outbox (records, record_count) VALUES ('[[\"" + topic + "\", \"k\", ', 2)");
            outbox.publishSoon();
            // alone in its batch, it leaves the relay nothing to publish: it is dropped all the same
            await().atMost(Duration.ofSeconds(10)).until(() -> rowsMentioning(topic) == 0);

            statement.executeUpdate("INSERT INTO broadcast.outbox (topic, record_key, payload) VALUES ('" + topic
                    + "', 'k', '{\"eventId\": \"after\"}')");
            outbox.publishSoon();

            assertThat(receive(consumer, 1)).extracting(ConsumerRecord::value).containsExactly("{\"eventId\": \"after\"}");
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rowsMentioning(topic) == 0);
    }

    record NumberedEvent(String eventId, int n) {
    }

    private static List<String> expected(int first, int end) {
        List<String> values = new ArrayList<>();
        for (int i = first; i < end; i += 2) {
            values.add("{\"eventId\":\"e" + i + "\",\"n\":" + i + "}");
        }
        return values;
    }

    /** A topic of its own, created before the consumer subscribes, so nothing of another test is read. */
    private static String newTopic(String name) {
        String topic = "test.outbox-" + name + "-" + UUID.randomUUID();
        TestKafka.send(topic, "created", "{}");
        return topic;
    }

    private static List<ConsumerRecord<String, String>> receive(KafkaConsumer<String, String> consumer, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(received::add);
            return received.size() >= count;
        });
        return received;
    }

    private long rowsMentioning(String topic) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE topic = $1 OR records LIKE '%' || $1 || '%'")
                .execute(Tuple.of(topic))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(5));
    }
}
