package io.floatchat.common.outbox;

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
 * (at least once: a crash between the two re-sends, and consumers are idempotent). Rows are claimed
 * with {@code FOR UPDATE SKIP LOCKED}, so several replicas relay without sending a row twice at once.
 */
@ApplicationScoped
@IfBuildProperty(name = "floatchat.outbox.relay.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int BATCH = 500;

    private final Pool pool;
    private final Vertx vertx;
    private final MutinyEmitter<String> emitter;
    private final Duration pollInterval;
    private final SerialRounds rounds = new SerialRounds(() -> drainBatch().map(sent -> sent == BATCH),
            failure -> LOG.warnf("outbox relay: publishing failed, retrying at the next poll: %s", failure.getMessage()));
    private long timerId = -1;

    private final TraceContexts traceContexts;

    public OutboxRelay(Pool pool, Vertx vertx, @Channel("outbox") MutinyEmitter<String> emitter,
                       @ConfigProperty(name = "floatchat.outbox.poll-interval", defaultValue = "500ms") Duration pollInterval,
                       TraceContexts traceContexts) {
        this.traceContexts = traceContexts;
        this.pool = pool;
        this.vertx = vertx;
        this.emitter = emitter;
        this.pollInterval = pollInterval;
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

    private Uni<Integer> drainBatch() {
        return pool.withTransaction(connection -> connection
                .query("SELECT id, topic, record_key, payload::text AS payload, traceparent FROM outbox ORDER BY id LIMIT "
                        + BATCH + " FOR UPDATE SKIP LOCKED")
                .execute()
                .flatMap(rows -> rows.size() == 0 ? Uni.createFrom().item(0) : publishAndDelete(connection, rows)));
    }

    private Uni<Integer> publishAndDelete(SqlConnection connection, RowSet<Row> rows) {
        List<Uni<Void>> sends = new ArrayList<>(rows.size());
        List<Long> ids = new ArrayList<>(rows.size());
        for (Row row : rows) {
            ids.add(row.getLong("id"));
            OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                    .withTopic(row.getString("topic"))
                    .withKey(row.getString("record_key"))
                    .build();
            Message<String> message = Message.of(row.getString("payload")).addMetadata(metadata);
            String traceparent = row.getString("traceparent");
            if (traceparent != null) {
                // the producer span (and the record's traceparent header) continue the request that wrote the row
                message = message.addMetadata(TracingMetadata.withCurrent(traceContexts.fromTraceparent(traceparent)));
            }
            sends.add(emitter.sendMessage(message));
        }
        return Uni.join().all(sends).andFailFast()
                .flatMap(sent -> connection.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)")
                        .execute(Tuple.of(ids.toArray(Long[]::new))))
                .map(deleted -> ids.size());
    }
}
