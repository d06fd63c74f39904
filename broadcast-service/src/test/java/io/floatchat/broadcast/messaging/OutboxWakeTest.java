package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.floatchat.common.events.OutboxEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Whoever appends does not wake the relay: the outbox does, once the transaction commits. With the
 * relay's poll an hour apart, an appended event is published in seconds only if that happens.
 */
@QuarkusTest
@TestProfile(OutboxWakeTest.HourlyPoll.class)
class OutboxWakeTest {

    public static class HourlyPoll implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("floatchat.outbox.poll-interval", "1h");
        }
    }

    // a topic of the platform that no consumer of broadcast-service reads; the keys are this test's own
    private static final String TOPIC = Topics.TRIGGER_EVENTS;

    @Inject
    Outbox outbox;

    @Inject
    Pool pool;

    @Test
    void anEventAppendedInATransactionIsPublishedOnceItCommitsAndOneRolledBackNever() {
        String run = UUID.randomUUID().toString();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(TOPIC)) {
            assertThatThrownBy(() -> pool.withTransaction(transaction -> outbox.append(transaction, event("rolled-back-" + run))
                            .flatMap(appended -> Uni.createFrom().failure(new IllegalStateException("the change failed"))))
                    .await().atMost(Duration.ofSeconds(10))).hasMessage("the change failed");
            pool.withTransaction(transaction -> outbox.append(transaction, event("committed-" + run)))
                    .await().atMost(Duration.ofSeconds(10));
            // no transaction around it: its statement commits it
            outbox.append(pool, event("alone-" + run)).await().atMost(Duration.ofSeconds(10));

            assertThat(receive(consumer, run, 2)).extracting(ConsumerRecord::key)
                    .containsExactlyInAnyOrder("committed-" + run, "alone-" + run);
        }
        // published rows leave the table
        await().atMost(Duration.ofSeconds(10)).until(() -> rowsMentioning(run) == 0);
    }

    /** A test's event, keyed as the test names it. */
    record Keyed(@JsonIgnore String outboxTopic, @JsonIgnore String outboxKey, String eventId) implements OutboxEvent {
    }

    private static Keyed event(String key) {
        return new Keyed(TOPIC, key, key);
    }

    private static List<ConsumerRecord<String, String>> receive(KafkaConsumer<String, String> consumer, String run, int count) {
        List<ConsumerRecord<String, String>> received = new ArrayList<>(OutboxPackingTest.receive(consumer, run, count));
        // anything rolled back would have been published with them: the relay publishes a poll's rows at once
        consumer.poll(Duration.ofMillis(500)).forEach(record -> {
            if (record.key() != null && record.key().endsWith(run)) {
                received.add(record);
            }
        });
        return received;
    }

    private long rowsMentioning(String run) {
        return pool.preparedQuery("SELECT count(*) FROM outbox WHERE record_key LIKE $1")
                .execute(Tuple.of("%" + run)).map(rows -> rows.iterator().next().getLong(0)).await().atMost(Duration.ofSeconds(5));
    }
}
