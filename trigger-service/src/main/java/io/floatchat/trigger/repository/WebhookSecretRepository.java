package io.floatchat.trigger.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.Base64;

/** Each bot's webhook signing secret, made with its first flow. */
@ApplicationScoped
public class WebhookSecretRepository {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;

    public WebhookSecretRepository(Pool pool) {
        this.pool = pool;
    }

    /** The bot's secret, created now if it has none. */
    public Uni<String> secretOf(long customerId, String botKey) {
        byte[] random = new byte[32];
        RANDOM.nextBytes(random);
        String fresh = "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        return pool.preparedQuery("INSERT INTO webhook_secret (bot_key, customer_id, secret) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (bot_key) DO UPDATE SET bot_key = EXCLUDED.bot_key "
                        + "WHERE webhook_secret.customer_id = EXCLUDED.customer_id RETURNING secret")
                .execute(Tuple.of(botKey, customerId, fresh))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getString("secret"));
    }
}
