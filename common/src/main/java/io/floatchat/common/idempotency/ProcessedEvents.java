package io.floatchat.common.idempotency;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The events a consumer has applied, in the service's {@code processed_event} table: Kafka delivers at
 * least once, so a consumer applies an event only the first time its id is recorded, in the
 * transaction of its change. Kept {@link IdempotencyKeys#EVENT_KEYS_KEPT}: longer than its topic can
 * deliver the event again.
 */
@ApplicationScoped
public class ProcessedEvents {

    private final Pool pool;

    public ProcessedEvents(Pool pool) {
        this.pool = pool;
    }

    /** True the first time the event is recorded, in the caller's transaction (a concurrent one waits here). */
    public Uni<Boolean> firstTime(SqlClient transaction, String eventKey) {
        return transaction.preparedQuery("INSERT INTO processed_event (event_id) VALUES ($1) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(eventKey))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Forgets the events recorded longer ago than {@link IdempotencyKeys#EVENT_KEYS_KEPT}; how many. */
    public Uni<Integer> forgetExpired() {
        return pool.preparedQuery("DELETE FROM processed_event WHERE processed_at < now() - make_interval(secs => $1)")
                .execute(Tuple.of((double) IdempotencyKeys.EVENT_KEYS_KEPT.toSeconds()))
                .map(rows -> rows.rowCount());
    }
}
