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
 * sends in flight (250/s with answers in 200 ms: bench/broadcast). Each account's pool may hold as
 * many connections as its lane may have sends in flight ({@code floatchat.broadcast.send-concurrency});
 * all of them together hold no more than the service's sends in flight lets start (an idle connection
 * is closed after Vert.x's keep-alive timeout, a pool unused for {@link #IDLE} with it).
 */
@ApplicationScoped
public class ProviderConnections {

    static final Duration IDLE = Duration.ofMinutes(10);

    private final Vertx vertx;
    private final HttpClientOptions options;
    private final PoolOptions pool;
    // no size bound: evicting a pool in use would reset sends the provider may have taken (sent twice). A send in
    // flight used its pool within its deadline, far less than IDLE, so only idle pools are closed; the accounts
    // with a pool are those that sent in the last IDLE, and their sockets are bounded by sends-in-flight
    private final Cache<String, HttpClient> clients = Caffeine.newBuilder()
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
