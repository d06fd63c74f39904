package io.floatchat.gateway.service;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.events.ApiKeyEvent;
import io.floatchat.common.events.TenantEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.gateway.repository.KeyChangeRepository;
import io.floatchat.gateway.repository.TenantRepository;
import io.floatchat.gateway.security.ApiKeyAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Customers and bots, created by the operator. A bot is announced on {@code floatchat.tenants.v1},
 * and its creation is answered only once that announcement is on Kafka: a service that reads the
 * topic to its end then knows the bot, so an outside producer's first event for it is never refused.
 */
@ApplicationScoped
public class TenantService {

    private static final Logger LOG = Logger.getLogger(TenantService.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** How long a bot's creation waits for its announcement to be published before it answers anyway. */
    private static final Duration ANNOUNCED_WITHIN = Duration.ofSeconds(5);

    private final Pool pool;
    private final TenantRepository tenants;
    private final Outbox outbox;
    private final ApiKeyAuthenticator authenticator;
    private final KeyChangeRepository keyChanges;

    public TenantService(Pool pool, TenantRepository tenants, Outbox outbox, ApiKeyAuthenticator authenticator,
                         KeyChangeRepository keyChanges) {
        this.keyChanges = keyChanges;
        this.pool = pool;
        this.tenants = tenants;
        this.outbox = outbox;
        this.authenticator = authenticator;
    }

    public Uni<Long> createCustomer(String name) {
        return tenants.insertCustomer(name);
    }

    /** A new bot with an unguessable key (128 random bits, hex, like FloatChat's bot keys). */
    public Uni<String> createBot(long customerId, String name) {
        String botKey = newBotKey();
        return tenants.customerExists(customerId)
                .invoke(exists -> {
                    if (!exists) {
                        throw ApiException.invalidBotOrCustomer();
                    }
                })
                .flatMap(exists -> pool.withTransaction(transaction -> tenants.insertBot(transaction, botKey, customerId, name)
                        .flatMap(inserted -> announce(transaction, TenantEvent.BOT_CREATED, customerId, botKey))))
                .flatMap(done -> afterChange(customerId, botKey))
                .replaceWith(botKey);
    }

    /** Deletes the customer's bot: no key sees it any more, and no service applies events for it. 404 when there is none. */
    public Uni<Void> deleteBot(long customerId, String botKey) {
        return pool.withTransaction(transaction -> tenants.deleteBot(transaction, customerId, botKey)
                        .flatMap(deleted -> {
                            if (!deleted) {
                                throw ApiException.notFound("No bot " + botKey + " of customer " + customerId + ".");
                            }
                            return announce(transaction, TenantEvent.BOT_DELETED, customerId, botKey);
                        }))
                .flatMap(done -> afterChange(customerId, botKey));
    }

    private Uni<Void> announce(SqlClient transaction, String type, long customerId, String botKey) {
        long now = System.currentTimeMillis();
        ApiKeyEvent botsChanged = new ApiKeyEvent(UUID.randomUUID().toString(), ApiKeyEvent.BOTS_CHANGED, null, customerId, now);
        return outbox.append(transaction, botsChanged)
                .flatMap(appended -> keyChanges.record(transaction, null, customerId))
                // alone in its row, so its publication can be waited for
                .flatMap(appended -> outbox.append(transaction,
                        new TenantEvent(UUID.randomUUID().toString(), type, customerId, botKey, now)));
    }

    private Uni<Void> afterChange(long customerId, String botKey) {
        authenticator.invalidateCustomer(customerId);
        return outbox.publishedSoon(Topics.TENANTS, botKey, ANNOUNCED_WITHIN).invoke(published -> {
            if (!published) {
                LOG.warnf("bot %s: its announcement is not on Kafka after %ds; it follows when the relay can publish",
                        botKey, ANNOUNCED_WITHIN.toSeconds());
            }
        }).replaceWithVoid();
    }

    private static String newBotKey() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
