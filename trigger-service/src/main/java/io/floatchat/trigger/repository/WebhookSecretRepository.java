package io.floatchat.trigger.repository;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;

/**
 * Each bot's webhook signing secret, made with its first flow. A secret never changes once made, so
 * it is kept in memory after the first read: a webhook step costs no database write for it.
 */
@ApplicationScoped
public class WebhookSecretRepository {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_REMEMBERED_BOTS = 10_000;

    private final Pool pool;
    private final Cache<String, OwnedSecret> remembered = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED_BOTS)
            .expireAfterAccess(Duration.ofHours(1))
            .build();

    public WebhookSecretRepository(Pool pool) {
        this.pool = pool;
    }

    /** The bot's secret, created now if it has none; null when the bot belongs to another customer. */
    public Uni<String> secretOf(long customerId, String botKey) {
        OwnedSecret known = remembered.getIfPresent(botKey);
        if (known != null) {
            return Uni.createFrom().item(known.customerId() == customerId ? known.secret() : null);
        }
        return readOrCreate(customerId, botKey).invoke(secret -> {
            if (secret != null) {
                remembered.put(botKey, new OwnedSecret(customerId, secret));
            }
        });
    }

    private Uni<String> readOrCreate(long customerId, String botKey) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String fresh = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return pool.preparedQuery("INSERT INTO webhook_secret (bot_key, customer_id, secret) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (bot_key) DO UPDATE SET bot_key = EXCLUDED.bot_key "
                        + "WHERE webhook_secret.customer_id = EXCLUDED.customer_id RETURNING secret")
                .execute(Tuple.of(botKey, customerId, fresh))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("secret"));
    }

    private record OwnedSecret(long customerId, String secret) {
    }
}
