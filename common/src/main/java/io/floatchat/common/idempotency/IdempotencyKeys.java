package io.floatchat.common.idempotency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.events.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.function.Function;

/**
 * {@code Idempotency-Key}s with the hash of their first request and its response, in the service's
 * own {@code idempotency_key} table: a retry with the same key and body gets the first response and
 * has no second effect. The hash is of the request as the client sent it, never of what the platform
 * made of it (a resolved audience changes once the first request has run). A consumer keeps its
 * events' keys here too ({@link #EVENT_KEY_PREFIX}), longer than its topic keeps the events.
 */
@ApplicationScoped
public class IdempotencyKeys {

    /** The request header a client names its key in. */
    public static final String HEADER = "Idempotency-Key";
    public static final int MAX_CLIENT_KEY_LENGTH = 255;
    /** A client's key is kept at least 24 h (the API promises it); two days. */
    public static final Duration CLIENT_KEYS_KEPT = Duration.ofHours(48);
    /** The keys a consumer writes for the events it applied: a client's key may not start so. */
    public static final String EVENT_KEY_PREFIX = "request:";
    /** Longer than a redelivered or replayed event can arrive: its topic's retention and a day. */
    public static final Duration EVENT_KEYS_KEPT = Topics.WORK_TOPIC_RETENTION.plusDays(1);

    private final Pool pool;
    private final ObjectMapper objectMapper;

    public IdempotencyKeys(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /**
     * Creates once per key: in one transaction, claims the request's key for {@code response} (what a
     * retry with the key is answered) and runs {@code create}; a key claimed before creates nothing and
     * answers the first response, or 409 / 1006 when it was used for a different request. A concurrent
     * use of the key waits for the first to commit and is answered as its retry; a {@code create} that
     * fails rolls the claim back with it, leaving the key unused. Without a key, {@code create} runs in
     * a transaction of its own.
     */
    public <R, C> Uni<Once<R>> once(long customerId, String botKey, KeyedRequest request, R response, Class<R> responseType,
                                    Function<SqlConnection, Uni<C>> create) {
        if (request == null) {
            return pool.withTransaction(create).replaceWith(new Once<>(response, true));
        }
        String stored;
        try {
            stored = objectMapper.writeValueAsString(response);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        return pool.withTransaction(transaction -> claim(transaction, customerId, botKey, request.key(), request.requestHash(),
                stored, System.currentTimeMillis())
                .flatMap(first -> first ? create.apply(transaction).replaceWith(new Once<>(response, true))
                        : replay(customerId, botKey, request, responseType).map(replayed -> {
                            if (replayed == null) {
                                throw ApiException.conflict("Idempotency-Key " + request.key() + " is in use; retry.");
                            }
                            return new Once<>(replayed, false);
                        })));
    }

    /** What a request made once answers, and whether this call made it (false: a retry, answered the first response). */
    public record Once<R>(R response, boolean created) {
    }

    /** Claims the key in the caller's transaction; false when it was used before (a concurrent use waits here). */
    Uni<Boolean> claim(SqlClient transaction, long customerId, String botKey, String key, String requestHash,
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

    /**
     * The first response to the key, when the key was used for this very request; null when the key
     * is unused; 409 / 1006 when it was used for a different request.
     */
    public <T> Uni<T> replay(long customerId, String botKey, KeyedRequest request, Class<T> responseType) {
        return find(customerId, botKey, request.key()).map(stored -> {
            if (stored == null) {
                return null;
            }
            if (!stored.requestHash().equals(request.requestHash())) {
                throw ApiException.conflict("Idempotency-Key " + request.key() + " was used with a different request.");
            }
            return stored.response().mapTo(responseType);
        });
    }

    /** Forgets clients' keys older than {@link #CLIENT_KEYS_KEPT} and events' older than {@link #EVENT_KEYS_KEPT}. */
    public Uni<Integer> forgetExpired(long now) {
        // typed: PostgreSQL reads untyped CASE branches as text, and the purge failed every hour unseen
        return pool.preparedQuery("DELETE FROM idempotency_key WHERE created_at < CASE WHEN starts_with(key, $3) "
                        + "THEN $2::bigint ELSE $1::bigint END")
                .execute(Tuple.of(now - CLIENT_KEYS_KEPT.toMillis(), now - EVENT_KEYS_KEPT.toMillis(), EVENT_KEY_PREFIX))
                .map(rows -> rows.rowCount());
    }

    /** The {@code Idempotency-Key} header as a client sent it: null when absent, 1001 when it is not a key a client may use. */
    public static String clientKey(String header) {
        if (header == null) {
            return null;
        }
        if (header.isBlank() || header.length() > MAX_CLIENT_KEY_LENGTH) {
            throw ApiException.invalidRequest("Idempotency-Key must be 1 to " + MAX_CLIENT_KEY_LENGTH + " characters.");
        }
        if (header.startsWith(EVENT_KEY_PREFIX)) {
            throw ApiException.invalidRequest("An Idempotency-Key may not start with '" + EVENT_KEY_PREFIX + "'.");
        }
        return header;
    }

    /** The key a consumer records an event under. */
    public static String eventKey(String eventId) {
        return EVENT_KEY_PREFIX + eventId;
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

    /** A request made under a key: the key and the hash of the request as it was sent. */
    public record KeyedRequest(String key, String requestHash) {
    }
}
