package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.floatchat.common.events.OutboxEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

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
        // two topics of the platform that no consumer of broadcast-service reads; the keys are this test's own
        String events = Topics.TRIGGER_EVENTS;
        String messages = Topics.USER_ATTRIBUTES;
        String run = UUID.randomUUID().toString();
        List<NumberedEvent> entries = new ArrayList<>();
        for (int i = 0; i < 1_201; i++) {
            entries.add(new NumberedEvent(i % 2 == 0 ? events : messages, "key-" + i % 2 + "-" + run, "e" + i, i));
        }
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(events, messages)) {
            List<Integer> storedRows = pool.withTransaction(transaction -> outbox.appendAll(transaction, entries)
                            // seen from inside the transaction, before the relay can see (and delete) them
                            .flatMap(appended -> transaction.query("SELECT record_count FROM outbox WHERE records IS NOT NULL "
                                    + "AND records LIKE '%" + run + "%' ORDER BY id").execute()))
                    .map(rows -> {
                        List<Integer> counts = new ArrayList<>();
                        rows.forEach(row -> counts.add(row.getInteger("record_count")));
                        return counts;
                    })
                    .await().atMost(Duration.ofSeconds(10));
            outbox.publishSoon();
            assertThat(storedRows).containsExactly(500, 500, 201);

            List<ConsumerRecord<String, String>> received = receive(consumer, run, 1_201);
            assertThat(received).filteredOn(record -> record.topic().equals(events))
                    .extracting(ConsumerRecord::key).containsOnly("key-0-" + run);
            assertThat(received).filteredOn(record -> record.topic().equals(messages))
                    .extracting(ConsumerRecord::key).containsOnly("key-1-" + run);
            assertThat(received).filteredOn(record -> record.topic().equals(events)).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(expected(0, 1_201));
            assertThat(received).filteredOn(record -> record.topic().equals(messages)).extracting(ConsumerRecord::value)
                    .containsExactlyElementsOf(expected(1, 1_201));
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> rowsMentioning(run) == 0);
    }

    /** A test's event, for whatever topic and key the test names. */
    record NumberedEvent(@JsonIgnore String outboxTopic, @JsonIgnore String outboxKey, String eventId, int n) implements OutboxEvent {
    }

    private static List<String> expected(int first, int end) {
        List<String> values = new ArrayList<>();
        for (int i = first; i < end; i += 2) {
            values.add("{\"eventId\":\"e" + i + "\",\"n\":" + i + "}");
        }
        return values;
    }

    /** The records of this run (its keys end with {@code run}), once at least {@code count} of them arrived. */
    static List<ConsumerRecord<String, String>> receive(KafkaConsumer<String, String> consumer, String run, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>();
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                if (record.key() != null && record.key().endsWith(run)) {
                    received.add(record);
                }
            });
            return received.size() >= count;
        });
        return received;
    }

    private long rowsMentioning(String marker) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE record_key LIKE '%' || $1 || '%' OR records LIKE '%' || $1 || '%'")
                .execute(Tuple.of(marker))
                .map(rows -> rows.iterator().next().getLong(0))
                .await().atMost(Duration.ofSeconds(5));
    }
}
