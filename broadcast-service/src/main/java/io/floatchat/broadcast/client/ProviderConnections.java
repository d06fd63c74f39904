package io.floatchat.broadcast.client;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.RemovalCause;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.core.http.HttpClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * A connection pool per sending account. Every tenant's WhatsApp account calls the same host
 * (graph.facebook.com): with one shared pool of 50, an account whose answers were slow held every
 * connection and other tenants' sends waited behind it, and the pool capped the whole service at 50
 * sends in flight (250/s with answers in 200 ms: bench/broadcast). Each account's pool holds as many
 * connections as its lane may have sends in flight ({@code floatchat.broadcast.send-concurrency});
 * a pool unused for {@link #IDLE} is closed.
 */
@ApplicationScoped
public class ProviderConnections {

    static final Duration IDLE = Duration.ofMinutes(10);
    /** Accounts with a pool at once; far more than one replica sends for (an account's pool, when idle, is closed anyway). */
    private static final int MOST_ACCOUNTS = 10_000;

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    private final Cache<String, HttpClient> clients = Caffeine.newBuilder()
            .maximumSize(MOST_ACCOUNTS)
            // a send in flight has used its pool within its deadline, far less than this: only idle pools are closed
            .expireAfterAccess(IDLE)
            .removalListener((String account, HttpClient client, RemovalCause cause) -> {
                if (client != null) {
                    client.close().subscribe().with(closed -> { }, failure -> { });
                }
            })
            .build();

    public ProviderConnections(Vertx vertx, BroadcastConfig config) {
        this.vertx = vertx;
        this.options = new HttpClientOptions().setKeepAlive(true).setConnectTimeout((int) config.providerTimeout().toMillis());
        this.pool = new PoolOptions().setHttp1MaxSize(config.sendConcurrency());
    }

    /** The pool of the account with this phone number id. */
    public HttpClient of(String phoneNumberId) {
        return clients.get(phoneNumberId, account -> vertx.createHttpClient(options, pool));
    }
}
