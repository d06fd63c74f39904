package io.floatchat.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.tracing.TraceContexts;
import io.floatchat.common.work.SerialRounds;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
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
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Publishes outbox rows to Kafka in id order and deletes them once Kafka has acknowledged them
 * (at least once: a crash between the two re-sends, and consumers are idempotent). A row holds one
 * record or several packed by {@link Outbox#appendAll}. Rows are claimed with
 * {@code FOR UPDATE SKIP LOCKED}, so several replicas relay without sending a row twice at once.
 * <p>
 * No row holds back the rows behind it: a record Kafka refuses for good (too large, a topic the
 * platform does not have, unreadable) is moved to {@code outbox_dead_letter} with its reason, logged
 * and counted ({@code floatchat_outbox_dead_letters_total}), and the round goes on. A record Kafka
 * cannot take now stays — alone: what the round's other records got acknowledged is deleted, so a
 * retry never publishes it again — and the relay backs off (up to {@value #LONGEST_BACKOFF_SECONDS} s).
 */
@ApplicationScoped
@IfBuildProperty(name = "floatchat.outbox.relay.enabled", stringValue = "true", enableIfMissing = true)
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    private static final int MOST_ROWS = 500;
    private static final int MOST_RECORDS = 1_000;
    private static final long LONGEST_BACKOFF_SECONDS = 30;

    private final Pool pool;
    private final Vertx vertx;
    private final ObjectMapper objectMapper;
    private final MutinyEmitter<String> emitter;
    private final Duration pollInterval;
    private final TraceContexts traceContexts;
    private final MeterRegistry registry;
    private final SerialRounds rounds = new SerialRounds(this::drainBatch, this::roundFailed);
    private volatile long resumeAt = System.nanoTime();
    private volatile Duration backoff = Duration.ZERO;
    private long timerId = -1;

    public OutboxRelay(Pool pool, Vertx vertx, ObjectMapper objectMapper, @Channel("outbox") MutinyEmitter<String> emitter,
                       @ConfigProperty(name = "floatchat.outbox.poll-interval", defaultValue = "500ms") Duration pollInterval,
                       TraceContexts traceContexts, MeterRegistry registry) {
        this.pool = pool;
        this.vertx = vertx;
        this.objectMapper = objectMapper;
        this.emitter = emitter;
        this.pollInterval = pollInterval;
        this.traceContexts = traceContexts;
        this.registry = registry;
    }

    void start(@Observes StartupEvent event) {
        timerId = vertx.setPeriodic(pollInterval.toMillis(), id -> wakeUp());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timerId >= 0) {
            vertx.cancelTimer(timerId);
        }
    }

    /** Drains now; if a drain is already running, it goes round once more when done. While backing off, waits. */
    public void wakeUp() {
        if (System.nanoTime() - resumeAt >= 0) {
            rounds.wakeUp();
        }
    }

    /**
     * One batch: the oldest rows up to {@value #MOST_ROWS} rows or about {@value #MOST_RECORDS} records
     * (a row that crosses it is taken whole), so a backlog of packed rows is never read at once. True
     * when there may be more.
     */
    private Uni<Boolean> drainBatch() {
        return pool.withTransaction(connection -> connection
                .preparedQuery("SELECT " + OutboxRow.COLUMNS + " FROM outbox "
                        + "WHERE id IN (SELECT id FROM (SELECT id, record_count, sum(record_count) OVER (ORDER BY id) AS upto "
                        + "FROM outbox ORDER BY id LIMIT $1) oldest WHERE upto - record_count < $2) "
                        + "ORDER BY id FOR UPDATE SKIP LOCKED")
                .execute(Tuple.of(MOST_ROWS, MOST_RECORDS))
                .flatMap(rows -> {
                    if (rows.size() == 0) {
                        afterRound(0, List.of());
                        return Uni.createFrom().item(false);
                    }
                    return relay(connection, rows);
                }));
    }

    private Uni<Boolean> relay(SqlConnection connection, RowSet<Row> rows) {
        List<OutboxRow> batch = new ArrayList<>(rows.size());
        List<Uni<List<Delivery>>> deliveries = new ArrayList<>(rows.size());
        int published = 0;
        for (Row row : rows) {
            OutboxRow outboxRow = OutboxRow.of(row, objectMapper);
            batch.add(outboxRow);
            List<Uni<Delivery>> sends = new ArrayList<>(outboxRow.records().size());
            for (OutboxRecord record : outboxRow.records()) {
                sends.add(send(record, outboxRow.traceparent()));
            }
            published += sends.size();
            deliveries.add(sends.isEmpty() ? Uni.createFrom().item(List.of()) : Uni.join().all(sends).andFailFast());
        }
        boolean full = batch.size() == MOST_ROWS || published >= MOST_RECORDS;
        return Uni.join().all(deliveries).andFailFast().flatMap(answers -> {
            List<RowSettlement> settlements = new ArrayList<>(batch.size());
            for (int i = 0; i < batch.size(); i++) {
                settlements.add(RowSettlement.of(batch.get(i), answers.get(i)));
            }
            return settle(connection, settlements).map(retrying -> {
                afterRound(retrying, answers);
                return full && retrying == 0;
            });
        });
    }

    /** Never fails: a send's failure is its {@link Delivery}. */
    private Uni<Delivery> send(OutboxRecord record, String traceparent) {
        Delivery.Refused refused = Delivery.refusedBeforeSending(record);
        if (refused != null) {
            return Uni.createFrom().item(refused);
        }
        OutgoingKafkaRecordMetadata<String> metadata = OutgoingKafkaRecordMetadata.<String>builder()
                .withTopic(record.topic())
                .withKey(record.key())
                .build();
        Message<String> plain = Message.of(record.payload()).addMetadata(metadata);
        // the producer span (and the record's traceparent header) continue the request that wrote the row
        Message<String> message = traceparent == null ? plain
                : plain.addMetadata(TracingMetadata.withCurrent(traceContexts.fromTraceparent(traceparent)));
        return Uni.createFrom().deferred(() -> emitter.sendMessage(message))
                .onItemOrFailure().transform((sent, failure) -> failure == null ? Delivery.ACKED : Delivery.ofFailure(failure));
    }

    /** Applies the round's outcome in the round's transaction; the number of rows that stay to be retried. */
    private Uni<Integer> settle(SqlConnection connection, List<RowSettlement> settlements) {
        List<Long> done = new ArrayList<>();
        List<OutboxDeadLetter> deadLetters = new ArrayList<>();
        List<Uni<Void>> shrinks = new ArrayList<>();
        int retrying = 0;
        for (RowSettlement settlement : settlements) {
            deadLetters.addAll(settlement.deadLetters());
            if (settlement.delete()) {
                done.add(settlement.row().id());
                continue;
            }
            retrying++;
            if (settlement.remaining() != null) {
                shrinks.add(connection.preparedQuery("UPDATE outbox SET records = $2, record_count = $3 WHERE id = $1")
                        .execute(Tuple.of(settlement.row().id(), pack(settlement.remaining()), settlement.remaining().size()))
                        .replaceWithVoid());
            }
        }
        Uni<?> deleted = done.isEmpty() ? Uni.createFrom().voidItem()
                : connection.preparedQuery("DELETE FROM outbox WHERE id = ANY($1)").execute(Tuple.of(done.toArray(Long[]::new)));
        int rowsToRetry = retrying;
        return deleted
                .flatMap(ignored -> shrinks.isEmpty() ? Uni.createFrom().voidItem() : Uni.join().all(shrinks).andFailFast())
                .flatMap(ignored -> recordDeadLetters(connection, deadLetters))
                .replaceWith(rowsToRetry);
    }

    private String pack(List<OutboxRecord> records) {
        String[][] parts = new String[records.size()][];
        for (int i = 0; i < parts.length; i++) {
            OutboxRecord record = records.get(i);
            parts[i] = new String[] {record.topic(), record.key(), record.payload()};
        }
        try {
            return objectMapper.writeValueAsString(parts);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("strings always serialise", e);
        }
    }

    private Uni<Void> recordDeadLetters(SqlConnection connection, List<OutboxDeadLetter> deadLetters) {
        if (deadLetters.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        int size = deadLetters.size();
        Long[] outboxIds = new Long[size];
        OffsetDateTime[] writtenAt = new OffsetDateTime[size];
        String[] traceparents = new String[size];
        String[] topics = new String[size];
        String[] keys = new String[size];
        String[] payloads = new String[size];
        Integer[] bytes = new Integer[size];
        String[] reasons = new String[size];
        for (int i = 0; i < size; i++) {
            OutboxDeadLetter letter = deadLetters.get(i);
            outboxIds[i] = letter.outboxId();
            writtenAt[i] = letter.writtenAt();
            traceparents[i] = letter.traceparent();
            topics[i] = letter.topic();
            keys[i] = letter.key();
            payloads[i] = letter.payload();
            bytes[i] = letter.bytes();
            reasons[i] = letter.reason();
        }
        return connection.preparedQuery("INSERT INTO outbox_dead_letter "
                        + "(outbox_id, written_at, traceparent, topic, record_key, payload, bytes, reason) "
                        + "SELECT * FROM unnest($1::bigint[], $2::timestamptz[], $3::text[], $4::text[], $5::text[], $6::text[], "
                        + "$7::int[], $8::text[]) RETURNING id")
                .execute(Tuple.tuple(List.of(outboxIds, writtenAt, traceparents, topics, keys, payloads, bytes, reasons)))
                .invoke(ids -> {
                    int i = 0;
                    for (Row id : ids) {
                        OutboxDeadLetter letter = deadLetters.get(i++);
                        // the key names a user: kept in the table, not in the log
                        LOG.errorf("outbox row %d: a record for %s (%d bytes) was refused for good and kept as "
                                        + "outbox_dead_letter %d: %s", letter.outboxId(), letter.topic() == null ? "(unreadable)"
                                        : letter.topic(), letter.bytes(), id.getLong(0), letter.reason());
                        Counter.builder("floatchat.outbox.dead.letters")
                                .description("Outbox records Kafka refused for good, kept in outbox_dead_letter")
                                .tag("topic", letter.topic() == null ? "none" : letter.topic())
                                .tag("kind", letter.kind())
                                .register(registry).increment();
                    }
                })
                .replaceWithVoid();
    }

    private void afterRound(int retrying, List<List<Delivery>> answers) {
        if (retrying == 0) {
            if (!backoff.isZero()) {
                LOG.infof("outbox relay: Kafka takes records again");
            }
            backoff = Duration.ZERO;
            return;
        }
        Throwable cause = answers.stream().flatMap(List::stream).filter(Delivery.Failed.class::isInstance)
                .map(delivery -> ((Delivery.Failed) delivery).cause()).findFirst().orElse(null);
        backOff(retrying + " rows stay for a later round: " + (cause == null ? "" : cause.getMessage()));
    }

    private void roundFailed(Throwable failure) {
        backOff("the round failed: " + failure.getMessage());
    }

    /** Doubles the wait from the poll interval up to {@value #LONGEST_BACKOFF_SECONDS} s; a clean round ends it. */
    private void backOff(String why) {
        Duration next = backoff.isZero() ? pollInterval : backoff.multipliedBy(2);
        backoff = next.compareTo(Duration.ofSeconds(LONGEST_BACKOFF_SECONDS)) > 0 ? Duration.ofSeconds(LONGEST_BACKOFF_SECONDS) : next;
        resumeAt = System.nanoTime() + backoff.toNanos();
        LOG.warnf("outbox relay: %s; trying again in %d ms", why, backoff.toMillis());
    }
}
