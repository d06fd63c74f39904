package io.floatchat.common.idempotency;

import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * {@code Idempotency-Key}s with the hash of their first request and its response, kept at least 24 h,
 * in the service's own {@code idempotency_key} table: a retry with the same key and body gets the
 * first response and has no second effect.
 */
@ApplicationScoped
public class IdempotencyKeys {

    private final Pool pool;

    public IdempotencyKeys(Pool pool) {
        this.pool = pool;
    }

    /** Claims the key in the caller's transaction; false when it was used before (a concurrent use waits here). */
    public Uni<Boolean> claim(SqlClient transaction, long customerId, String botKey, String key, String requestHash,
                              String response, long now) {
        return transaction.preparedQuery("INSERT INTO idempotency_key (customer_id, bot_key, key, request_hash, response, "
                        + "created_at) VALUES ($1, $2, $3, $4, $5::text::jsonb, $6) ON CONFLICT DO NOTHING")
                .execute(Tuple.tuple().addLong(customerId).addString(botKey).addString(key).addString(requestHash)
                        .addString(response).addLong(now))
                .map(rows -> rows.rowCount() == 1);
    }

    public Uni<StoredResponse> find(long customerId, String botKey, String key) {
        return pool.preparedQuery("SELECT request_hash, response::text AS response FROM idempotency_key "
                        + "WHERE customer_id = $1 AND bot_key = $2 AND key = $3")
                .execute(Tuple.of(customerId, botKey, key))
                .map(rows -> rows.size() == 0 ? null : new StoredResponse(rows.iterator().next().getString("request_hash"),
                        new JsonObject(rows.iterator().next().getString("response"))));
    }

    /** Keys older than this are forgotten (the API promises at least 24 h). */
    public Uni<Integer> forgetOlderThan(long cutoff) {
        return pool.preparedQuery("DELETE FROM idempotency_key WHERE created_at < $1")
                .execute(Tuple.of(cutoff)).map(rows -> rows.rowCount());
    }

    /** The hash a retry must match: SHA-256 of the request as the service canonicalises it. */
    public static String requestHash(String canonicalRequest) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(canonicalRequest.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public record StoredResponse(String requestHash, JsonObject response) {
    }
}
