package io.floatchat.gateway.service;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.events.ApiKeyEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.gateway.repository.TenantRepository;
import io.floatchat.gateway.security.ApiKeyAuthenticator;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.UUID;

/** Customers and bots, created by the operator. */
@ApplicationScoped
public class TenantService {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Pool pool;
    private final TenantRepository tenants;
    private final Outbox outbox;
    private final ApiKeyAuthenticator authenticator;

    public TenantService(Pool pool, TenantRepository tenants, Outbox outbox, ApiKeyAuthenticator authenticator) {
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
        ApiKeyEvent botsChanged = new ApiKeyEvent(UUID.randomUUID().toString(), ApiKeyEvent.BOTS_CHANGED, null,
                customerId, System.currentTimeMillis());
        return tenants.customerExists(customerId)
                .invoke(exists -> {
                    if (!exists) {
                        throw ApiException.invalidBotOrCustomer();
                    }
                })
                .flatMap(exists -> pool.withTransaction(transaction -> tenants.insertBot(transaction, botKey, customerId, name)
                        .flatMap(inserted -> outbox.append(transaction, Topics.APIKEY_EVENTS,
                                Long.toString(customerId), botsChanged))))
                .invoke(() -> {
                    authenticator.invalidateCustomer(customerId);
                    outbox.publishSoon();
                })
                .replaceWith(botKey);
    }

    private static String newBotKey() {
        byte[] random = new byte[16];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
