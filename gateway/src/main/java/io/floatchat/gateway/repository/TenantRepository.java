package io.floatchat.gateway.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Customers and their bots. */
@ApplicationScoped
public class TenantRepository {

    private final Pool pool;

    public TenantRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Long> insertCustomer(String name) {
        return pool.preparedQuery("INSERT INTO customer (name) VALUES ($1) RETURNING id")
                .execute(Tuple.of(name))
                .map(rows -> rows.iterator().next().getLong("id"));
    }

    public Uni<Boolean> customerExists(long customerId) {
        return pool.preparedQuery("SELECT 1 FROM customer WHERE id = $1")
                .execute(Tuple.of(customerId))
                .map(rows -> rows.size() > 0);
    }

    public Uni<Void> insertBot(SqlClient transaction, String botKey, long customerId, String name) {
        return transaction.preparedQuery("INSERT INTO bot (bot_key, customer_id, name) VALUES ($1, $2, $3)")
                .execute(Tuple.of(botKey, customerId, name))
                .replaceWithVoid();
    }

    /** Deletes the customer's bot; false when the customer has no such bot. */
    public Uni<Boolean> deleteBot(SqlClient transaction, long customerId, String botKey) {
        return transaction.preparedQuery("DELETE FROM bot WHERE customer_id = $1 AND bot_key = $2")
                .execute(Tuple.of(customerId, botKey))
                .map(rows -> rows.rowCount() == 1);
    }

    /**
     * Up to {@code limit} bots after {@code afterBotKey} (in key order), locked against deletion until
     * the caller's transaction ends: a bot deleted meanwhile is deleted after it is announced.
     */
    public Uni<List<Bot>> botsAfter(SqlClient transaction, String afterBotKey, int limit) {
        return transaction.preparedQuery("SELECT bot_key, customer_id FROM bot WHERE bot_key > $1 ORDER BY bot_key "
                        + "LIMIT $2 FOR KEY SHARE")
                .execute(Tuple.of(afterBotKey, limit))
                .map(rows -> {
                    List<Bot> bots = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        bots.add(new Bot(row.getString("bot_key"), row.getLong("customer_id")));
                    }
                    return bots;
                });
    }

    /** A bot and its customer. */
    public record Bot(String botKey, long customerId) {
    }

    /** The bot keys of the customer that exist among {@code botKeys}. */
    public Uni<List<String>> botsOf(long customerId, List<String> botKeys) {
        return pool.preparedQuery("SELECT bot_key FROM bot WHERE customer_id = $1 AND bot_key = ANY($2)")
                .execute(Tuple.of(customerId, botKeys.toArray(String[]::new)))
                .map(rows -> {
                    List<String> found = new ArrayList<>();
                    for (Row row : rows) {
                        found.add(row.getString("bot_key"));
                    }
                    return found;
                });
    }
}
