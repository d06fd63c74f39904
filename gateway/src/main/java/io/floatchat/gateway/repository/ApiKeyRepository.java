package io.floatchat.gateway.repository;

import io.floatchat.gateway.ApiKey;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** API keys; only hashes are ever written. Absent is null, never an exception. */
@ApplicationScoped
public class ApiKeyRepository {

    private static final String COLUMNS = "k.id, k.customer_id, k.name, k.scopes, k.bot_keys, k.key_hash, "
            + "k.previous_key_hash, k.previous_valid_until, k.status, k.rate_limit_per_second, k.expires_at, "
            + "k.created_at, k.revoked_at, k.last_used_at, "
            + "ARRAY(SELECT b.bot_key FROM bot b WHERE b.customer_id = k.customer_id ORDER BY b.bot_key) AS customer_bots";

    private final Pool pool;

    public ApiKeyRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<ApiKey> findById(String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_key k WHERE k.id = $1")
                .execute(Tuple.of(id))
                .map(rows -> rows.size() == 0 ? null : toApiKey(rows.iterator().next()));
    }

    public Uni<ApiKey> findByCustomer(long customerId, String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_key k WHERE k.id = $1 AND k.customer_id = $2")
                .execute(Tuple.of(id, customerId))
                .map(rows -> rows.size() == 0 ? null : toApiKey(rows.iterator().next()));
    }

    public Uni<List<ApiKey>> listByCustomer(long customerId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM api_key k WHERE k.customer_id = $1 ORDER BY k.created_at, k.id")
                .execute(Tuple.of(customerId))
                .map(rows -> {
                    List<ApiKey> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(toApiKey(row)));
                    return keys;
                });
    }

    public Uni<Long> countByCustomer(long customerId) {
        return pool.preparedQuery("SELECT count(*) FROM api_key WHERE customer_id = $1")
                .execute(Tuple.of(customerId)).map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Void> insert(SqlClient transaction, ApiKey key) {
        return transaction.preparedQuery("INSERT INTO api_key (id, customer_id, name, scopes, bot_keys, key_hash, "
                        + "rate_limit_per_second, expires_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
                .execute(Tuple.tuple()
                        .addString(key.id())
                        .addLong(key.customerId())
                        .addString(key.name())
                        .addArrayOfString(key.scopes().toArray(String[]::new))
                        .addArrayOfString(key.botKeys() == null ? null : key.botKeys().toArray(String[]::new))
                        .addValue(bytea(key.keyHash()))
                        .addInteger(key.rateLimitPerSecond())
                        .addOffsetDateTime(utc(key.expiresAt())))
                .replaceWithVoid();
    }

    /** Revokes an active key of the customer; false when there is no such active key. */
    public Uni<Boolean> revoke(SqlClient transaction, long customerId, String id) {
        return transaction.preparedQuery("UPDATE api_key SET status = 'REVOKED', revoked_at = now(), "
                        + "previous_key_hash = NULL, previous_valid_until = NULL "
                        + "WHERE id = $1 AND customer_id = $2 AND status = 'ACTIVE'")
                .execute(Tuple.of(id, customerId))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Replaces the key's hash; the old one stays valid until {@code previousValidUntil} (null: not at all). */
    public Uni<Boolean> replaceHash(SqlClient transaction, long customerId, String id, byte[] newHash,
                                    Instant previousValidUntil) {
        return transaction.preparedQuery("UPDATE api_key SET "
                        + "previous_key_hash = CASE WHEN $4::timestamptz IS NULL THEN NULL ELSE key_hash END, "
                        + "previous_valid_until = $4, key_hash = $3 "
                        + "WHERE id = $1 AND customer_id = $2 AND status = 'ACTIVE'")
                .execute(Tuple.of(id, customerId, bytea(newHash), utc(previousValidUntil)))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Records when keys were last used, all in one statement. */
    public Uni<Void> recordLastUse(Map<String, Instant> lastUse) {
        if (lastUse.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] ids = lastUse.keySet().toArray(String[]::new);
        OffsetDateTime[] times = Arrays.stream(ids).map(id -> utc(lastUse.get(id))).toArray(OffsetDateTime[]::new);
        return pool.preparedQuery("UPDATE api_key k SET last_used_at = GREATEST(k.last_used_at, u.used_at) "
                        + "FROM unnest($1::text[], $2::timestamptz[]) AS u(id, used_at) WHERE k.id = u.id")
                .execute(Tuple.tuple().addArrayOfString(ids).addArrayOfOffsetDateTime(times))
                .replaceWithVoid();
    }

    private static ApiKey toApiKey(Row row) {
        return new ApiKey(
                row.getString("id"),
                row.getLong("customer_id"),
                row.getString("name"),
                List.of(row.getArrayOfStrings("scopes")),
                row.getArrayOfStrings("bot_keys") == null ? null : List.of(row.getArrayOfStrings("bot_keys")),
                List.of(row.getArrayOfStrings("customer_bots")),
                bytes(row.getBuffer("key_hash")),
                bytes(row.getBuffer("previous_key_hash")),
                instant(row.getOffsetDateTime("previous_valid_until")),
                ApiKey.Status.valueOf(row.getString("status")),
                row.getInteger("rate_limit_per_second"),
                instant(row.getOffsetDateTime("expires_at")),
                instant(row.getOffsetDateTime("created_at")),
                instant(row.getOffsetDateTime("revoked_at")),
                instant(row.getOffsetDateTime("last_used_at")));
    }

    /** The SQL client binds bytea from the core Vert.x buffer, not the Mutiny one it returns. */
    private static io.vertx.core.buffer.Buffer bytea(byte[] bytes) {
        return io.vertx.core.buffer.Buffer.buffer(bytes);
    }

    private static byte[] bytes(Buffer buffer) {
        return buffer == null ? null : buffer.getBytes();
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
