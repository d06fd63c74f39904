package io.floatchat.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The log of key changes every replica reads (V3__key_changes.sql). */
@ApplicationScoped
public class KeyChangeRepository {

    private final Pool pool;

    public KeyChangeRepository(Pool pool) {
        this.pool = pool;
    }

    /** A key changed (null: the customer's bots did), in the caller's transaction. */
    public Uni<Void> record(SqlClient transaction, String keyId, long customerId) {
        return transaction.preparedQuery("INSERT INTO key_change (key_id, customer_id) VALUES ($1, $2)")
                .execute(Tuple.of(keyId, customerId))
                .replaceWithVoid();
    }

    /**
     * The changes committed within {@code window} of the database's clock. Read by time, not by id:
     * an id taken by a transaction that commits later than a higher one would be skipped by a reader
     * that only goes forward; a window wider than the poll reads each change several times instead,
     * which costs a cache miss, never a missed revocation.
     */
    public Uni<List<KeyChange>> recent(Duration window) {
        return pool.preparedQuery("SELECT DISTINCT key_id, customer_id FROM key_change "
                        + "WHERE changed_at > clock_timestamp() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(window.toMillis()))
                .map(rows -> {
                    List<KeyChange> changes = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        changes.add(new KeyChange(row.getString("key_id"), row.getLong("customer_id")));
                    }
                    return changes;
                });
    }

    /** Forgets changes older than {@code kept}. */
    public Uni<Integer> forgetOlderThan(Duration kept) {
        return pool.preparedQuery("DELETE FROM key_change WHERE changed_at < clock_timestamp() - $1 * interval '1 millisecond'")
                .execute(Tuple.of(kept.toMillis()))
                .map(rows -> rows.rowCount());
    }

    /** A changed key (keyId null: every key of the customer). */
    public record KeyChange(String keyId, long customerId) {
    }
}
