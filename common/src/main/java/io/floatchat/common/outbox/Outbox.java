package io.floatchat.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.OutboxEvent;
import io.floatchat.common.tracing.TraceContexts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Transaction;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Writes an event into the {@code outbox} table inside the caller's transaction, so that the change
 * and the event announcing it are committed together or not at all; {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class Outbox {

    /** The relay reads a row at once: this bounds what one row can make it hold in memory. */
    static final int MOST_RECORDS_PER_ROW = 500;
    /** Kafka's legal topic names: written into the statement, so nothing else may pass. */
    private static final Pattern TOPIC_NAME = Pattern.compile("[A-Za-z0-9._-]{1,249}");

    private final ObjectMapper objectMapper;
    private final Instance<OutboxRelay> relay;
    private final TraceContexts traceContexts;
    private final Instance<Pool> pool;

    public Outbox(ObjectMapper objectMapper, Instance<OutboxRelay> relay, TraceContexts traceContexts, Instance<Pool> pool) {
        this.objectMapper = objectMapper;
        this.relay = relay;
        this.traceContexts = traceContexts;
        this.pool = pool;
    }

    /**
     * Appends the event under the topic and key it names; {@code transaction} must be the connection of
     * the change it announces.
     */
    public Uni<Void> append(SqlClient transaction, OutboxEvent event) {
        return appendAll(transaction, List.of(event));
    }

    /**
     * Appends the events in one statement, in order; {@code transaction} as for {@link #append}. Several
     * events share a row (up to {@value #MOST_RECORDS_PER_ROW} each), which the relay handles as one.
     */
    public Uni<Void> appendAll(SqlClient transaction, List<? extends OutboxEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String[]> records = new ArrayList<>(events.size());
        try {
            for (OutboxEvent event : events) {
                records.add(new String[] {event.outboxTopic(), event.outboxKey(), objectMapper.writeValueAsString(event)});
            }
            return wakeAfterCommit(transaction,
                    records.size() == 1 ? insertOne(transaction, records.get(0)) : insertPacked(transaction, records));
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
    }

    private Uni<Void> insertOne(SqlClient transaction, String[] record) {
        // the payload is bound as text: the client would encode a String parameter of type jsonb as a JSON string
        return transaction.preparedQuery("INSERT INTO outbox (topic, record_key, payload, traceparent) "
                        + "VALUES ($1, $2, $3::text::jsonb, $4)")
                .execute(Tuple.of(record[0], record[1], record[2], traceContexts.currentTraceparent()))
                .replaceWithVoid();
    }

    private Uni<Void> insertPacked(SqlClient transaction, List<String[]> records) throws JsonProcessingException {
        int rows = (records.size() + MOST_RECORDS_PER_ROW - 1) / MOST_RECORDS_PER_ROW;
        String[] packed = new String[rows];
        Integer[] counts = new Integer[rows];
        for (int row = 0; row < rows; row++) {
            List<String[]> part = records.subList(row * MOST_RECORDS_PER_ROW,
                    Math.min(records.size(), (row + 1) * MOST_RECORDS_PER_ROW));
            packed[row] = objectMapper.writeValueAsString(part);
            counts[row] = part.size();
        }
        return transaction.preparedQuery("INSERT INTO outbox (records, record_count, traceparent) "
                        + "SELECT p.records, p.record_count, $3 FROM unnest($1::text[], $2::int[]) "
                        + "WITH ORDINALITY AS p(records, record_count, position) ORDER BY p.position")
                .execute(Tuple.of(packed, counts, traceContexts.currentTraceparent()))
                .replaceWithVoid();
    }

    /**
     * Appends one event for {@code topic} per row of {@code keysAndPayloads} — a SELECT of
     * {@code record_key} (text) and {@code payload} (jsonb), in the order it yields them (a plain scan
     * of it keeps its ORDER BY) — in one statement, in the caller's transaction: for fan-outs too large
     * to pass through Java (a broadcast's dispatch records). {@code with} is a WITH clause the select
     * reads, data-modifying ones included, or empty. Both are SQL text: constants of the caller's, with
     * every value a parameter; the current trace context is added as the last parameter. Returns the
     * events appended.
     */
    public Uni<Integer> appendSelected(SqlClient transaction, String topic, String with, String keysAndPayloads,
                                       Tuple parameters) {
        if (!TOPIC_NAME.matcher(topic).matches()) {
            return Uni.createFrom().failure(new IllegalArgumentException("not a topic name: " + topic));
        }
        int traceparent = parameters.size() + 1;
        Uni<Integer> appended = transaction.preparedQuery(with + " INSERT INTO outbox (topic, record_key, payload, traceparent) "
                        + "SELECT '" + topic + "', e.record_key, e.payload, $" + traceparent + "::text FROM (" + keysAndPayloads + ") e")
                .execute(parameters.addString(traceContexts.currentTraceparent()))
                .map(rows -> rows.rowCount());
        return wakeAfterCommit(transaction, appended);
    }

    /**
     * The relay is woken once what was appended is committed, so it publishes at once instead of at its
     * next poll, and no caller has to remember to: when the transaction commits, or at once when the
     * client had none (each statement its own transaction). A rollback leaves nothing to publish.
     */
    private <T> Uni<T> wakeAfterCommit(SqlClient client, Uni<T> appending) {
        return appending.invoke(() -> {
            Transaction transaction = client instanceof SqlConnection connection ? connection.transaction() : null;
            if (transaction == null) {
                publishSoon();
            } else {
                transaction.completion().subscribe().with(committed -> publishSoon(), rolledBack -> { });
            }
        });
    }

    /**
     * Wakes the relay and waits (at most {@code max}) until the event appended alone under this topic
     * and key has been published: for a change the caller must not announce to a client before every
     * service can know it. True when it was published in time.
     */
    public Uni<Boolean> publishedSoon(String topic, String key, Duration max) {
        publishSoon();
        long deadline = System.nanoTime() + max.toNanos();
        return Uni.createFrom().deferred(() -> pool.get().preparedQuery(
                                "SELECT EXISTS (SELECT 1 FROM outbox WHERE topic = $1 AND record_key = $2)")
                        .execute(Tuple.of(topic, key))
                        .map(rows -> rows.iterator().next().getBoolean(0)))
                .flatMap(pending -> !pending || System.nanoTime() > deadline ? Uni.createFrom().item(!pending)
                        : Uni.createFrom().failure(new IllegalStateException("not yet published")))
                .onFailure(IllegalStateException.class).retry().withBackOff(Duration.ofMillis(20), Duration.ofMillis(200))
                .atMost(1_000);
    }

    /**
     * Publishes now instead of at the relay's next poll. Appending does this after the commit by itself:
     * only rows written into the table otherwise (tests) need it.
     */
    public void publishSoon() {
        if (relay.isResolvable()) {
            relay.get().wakeUp();
        }
    }
}
