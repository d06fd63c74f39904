package io.floatchat.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.floatchat.common.tracing.TraceContexts;
import io.floatchat.common.work.SerialRounds;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.TracingMetadata;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once Kafka has acknowledged them
 * (at least once: a crash between the two re-sends, and consumers are idempotent). A row holds one
 * record or several packed by {@link Outbox#appendAll}. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several replicas relay without sending a row twice at once.
 */
@ApplicationScoped
@IfBuildProperty(name = "floatchat.outbox.relay.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int MOST_ROWS = 500;
    private static final int MOST_RECORDS = 1_000;

    private final Pool pool;
    private final Vertx vertx;
    private final ObjectMapper objectMapper;
    private final MutinyEmitter<String> emitter;
    private final Duration pollInterval;
    private final TraceContexts traceContexts;
    private final SerialRounds rounds = new SerialRounds(this::drainBatch,
            failure -> LOG.warnf("outbox relay: publishing failed, retrying at the next poll: %s", failure.getMessage()));
    private long timerId = -1;

    public OutboxRelay(Pool pool, Vertx vertx, ObjectMapper objectMapper, @Channel("outbox") MutinyEmitter<String> emitter,
                       @ConfigProperty(name = "floatchat.outbox.poll-interval", defaultValue = "500ms") Duration pollInterval,
                       TraceContexts traceContexts) {
        this.pool = pool;
        this.vertx = vertx;
        this.objectMapper = objectMapper;
        this.emitter = emitter;
        this.pollInterval = pollInterval;
        this.traceContexts = traceContexts;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> wakeUp());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Drains now; if a drain is already running, it goes round once more when done. */
    public void wakeUp() {
        rounds.wakeUp();
    }

    /**
     * One batch: the oldest rows up to {@value #MOST_ROWS} rows or about {@value #MOST_RECORDS} records
     * (a row that crosses it is taken whole), so a backlog of packed rows is never read at once. True
     * when there may be more.
     */
    private Uni<Boolean> drainBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT id, topic, record_key, payload::text AS payload, records, record_count, traceparent FROM outbox "
                        + "WHERE id IN (SELECT id FROM (SELECT id, record_count, sum(record_count) OVER (ORDER BY id) AS upto "
                        + "FROM outbox ORDER BY id LIMIT $1) oldest WHERE upto - record_count < $2) "
                        + "ORDER BY id FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(MOST_ROWS, MOST_RECORDS))
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(false) : publishAndDelete(connection, rows)));
    }

    private Uni<Boolean> publishAndDelete(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        Long[] ids = new Long[rows.size()];
        int index = 0;
        for (Row row : rows) {
            ids[index++] = row.getLong("id");
            String traceparent = row.getString("traceparent");
            for (String[] record : records(row)) {
                OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                        .withTopic(record[0])
                        .withKey(record[1])
                        .build();
                Message<String> message = Message.of(record[2]).addMetadata(metadata);
                if (traceparent != null) {
                    // the producer span (and the record's traceparent header) continue the request that wrote the row
                    message = message.addMetadata(TracingMetadata.withCurrent(traceContexts.fromTraceparent(traceparent)));
                }
                sends.add(emitter.sendMessage(message));
            }
        }
        int published = sends.size();
        return Uni.join().all(sends).andFailFast()
                .flatMap(sent -> connection.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)").execute(Tuple.of(ids)))
                .map(deleted -> ids.length == MOST_ROWS || published >= MOST_RECORDS);
    }

    /** A row's records as [topic, key, payload]: the row's own columns, or the records packed into it. */
    private List<String[]> records(Row row) {
        String packed = row.getString("records");
        if (packed == null) {
            return List.<String[]>of(new String[] {row.getString("topic"), row.getString("record_key"), row.getString("payload")});
        }
        try {
            return List.of(objectMapper.readValue(packed, String[][].class));
        } catch (JsonProcessingException e) {
            // only Outbox writes rows, so this is a damaged row: retrying cannot help, and it must not hold back every later event
            LOG.errorf("outbox row %d: its %d records are unreadable and are dropped: %s", row.getLong("id"),
                    row.getInteger("record_count"), e.getOriginalMessage());
            return List.of();
        }
    }
}
