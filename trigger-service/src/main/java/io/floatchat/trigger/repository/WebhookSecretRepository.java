package io.floatchat.trigger.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floatchat.trigger.SigningSecrets;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Each bot's webhook signing secret, made with its first flow and replaced by a rotation (the
 * previous one signs alongside for {@link #ROTATION_OVERLAP}). Kept in memory for a minute after a
 * read, so a webhook step costs no database round trip for it, and a rotation on another replica
 * signs here within that minute.
 */
@ApplicationScoped
public class WebhookSecretRepository {

    public static final Duration ROTATION_OVERLAP = Duration.ofHours(24);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_REMEMBERED_BOTS = 10_000;
    private static final String COLUMNS = "customer_id, secret, previous_secret, previous_valid_until";

    private final Pool pool;
    private final Cache<String, SigningSecrets> remembered = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED_BOTS)
            .expireAfterWrite(Duration.ofMinutes(1))
            .build();

    public WebhookSecretRepository(Pool pool) {
        this.pool = pool;
    }

    /** What signs the bot's webhooks, made now if it has none; null when the bot belongs to another customer. */
    public Uni<SigningSecrets> signingSecretsOf(long customerId, String botKey) {
        SigningSecrets known = remembered.getIfPresent(botKey);
        if (known != null) {
            return Uni.createFrom().item(known.customerId() == customerId ? known : null);
        }
        return createIfAbsent(customerId, botKey)
                .flatMap(created -> pool.preparedQuery("SELECT " + COLUMNS + " FROM webhook_secret WHERE bot_key = $1")
                        .execute(Tuple.of(botKey)))
                .map(rows -> rows.size() == 0 ? null : secrets(rows.iterator().next()))
                .invoke(secrets -> {
                    if (secrets != null) {
                        remembered.put(botKey, secrets);
                    }
                })
                .map(secrets -> secrets == null || secrets.customerId() != customerId ? null : secrets);
    }

    /** Makes the bot's secret if it has none: the new secret, or null when there was one (or the bot is another customer's). */
    public Uni<String> createIfAbsent(long customerId, String botKey) {
        return pool.preparedQuery("INSERT INTO webhook_secret (bot_key, customer_id, secret) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (bot_key) DO NOTHING RETURNING secret")
                .execute(Tuple.of(botKey, customerId, newSecret()))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("secret"));
    }

    /** Replaces the bot's secret; the previous one keeps signing until the answer's time. Null for another customer's bot. */
    public Uni<Rotated> rotate(long customerId, String botKey, long now) {
        long previousValidUntil = now + ROTATION_OVERLAP.toMillis();
        return pool.preparedQuery("INSERT INTO webhook_secret AS w (bot_key, customer_id, secret, rotated_at) "
                        + "VALUES ($1, $2, $3, $5) ON CONFLICT (bot_key) DO UPDATE SET previous_secret = w.secret, "
                        + "previous_valid_until = $4, secret = EXCLUDED.secret, rotated_at = EXCLUDED.rotated_at "
                        + "WHERE w.customer_id = EXCLUDED.customer_id RETURNING " + COLUMNS)
                .execute(Tuple.of(botKey, customerId, newSecret(), previousValidUntil, now))
                .map(rows -> {
                    remembered.invalidate(botKey);
                    if (rows.size() == 0) {
                        return null;
                    }
                    SigningSecrets secrets = secrets(rows.iterator().next());
                    return new Rotated(secrets.current(), secrets.previous() == null ? null : secrets.previousValidUntil());
                });
    }

    private static SigningSecrets secrets(Row row) {
        return new SigningSecrets(row.getLong("customer_id"), row.getString("secret"), row.getString("previous_secret"),
                row.getLong("previous_valid_until"));
    }

    private static String newSecret() {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** A rotation's answer: the new secret, and until when the previous one still signs (null: there was none). */
    public record Rotated(String signingSecret, Long previousSecretValidUntil) {

        @Override
        public String toString() {
            return "Rotated[signingSecret=***, previousSecretValidUntil=" + previousSecretValidUntil + "]";
        }
    }
}
