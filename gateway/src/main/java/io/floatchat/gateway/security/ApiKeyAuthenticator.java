package io.floatchat.gateway.security;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.config.GatewayConfig;
import io.floatchat.gateway.repository.ApiKeyRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a presented key into its stored {@link ApiKey}, or null. Keys are cached (absent ones too,
 * so unknown ids cost what known ones do), invalidated by the revocation events, and re-read after a
 * short TTL as a safety net; a cache hit costs no database round trip. Last use is remembered in
 * memory and written in one statement per interval.
 */
@ApplicationScoped
public class ApiKeyAuthenticator {

    private static final Logger LOG = Logger.getLogger(ApiKeyAuthenticator.class);
    /** Compared against when the key id is unknown, so that path does the same work. */
    private static final byte[] NO_SUCH_KEY = new byte[32];

    static {
        new SecureRandom().nextBytes(NO_SUCH_KEY);
    }

    private final AsyncLoadingCache<String, Optional<ApiKey>> cache;
    private final ApiKeyRepository repository;
    private final Vertx vertx;
    private final GatewayConfig config;
    private final Map<String, Instant> lastUse = new ConcurrentHashMap<>();
    private long flushTimer = -1;

    public ApiKeyAuthenticator(ApiKeyRepository repository, Vertx vertx, GatewayConfig config, MeterRegistry registry) {
        this.repository = repository;
        this.vertx = vertx;
        this.config = config;
        // floatchat_gateway_key_lookups_total: what the database is asked for keys (bounded for unknown ones by address)
        Counter lookups = Counter.builder("floatchat.gateway.key.lookups")
                .description("API keys read from the database (cache misses)").register(registry);
        this.cache = Caffeine.newBuilder()
                .maximumSize(config.keyCache().maxSize())
                .expireAfterWrite(config.keyCache().ttl())
                .buildAsync((keyId, executor) -> {
                    lookups.increment();
                    return repository.findById(keyId).map(Optional::ofNullable).subscribeAsCompletionStage();
                });
    }

    void start(@Observes StartupEvent event) {
        flushTimer = vertx.setPeriodic(config.keyCache().lastUsedFlushInterval().toMillis(), id -> flushLastUse());
    }

    void stop(@Observes ShutdownEvent event) {
        if (flushTimer >= 0) {
            vertx.cancelTimer(flushTimer);
        }
        flushLastUse();
    }

    /** The key id an {@code Authorization} header presents, or null when it presents no well-formed key. */
    public static String keyIdOf(String authorization) {
        return ApiKeyFormat.keyIdOf(BasicCredentials.apiKey(authorization));
    }

    /** Whether the key id's lookup (or its absence) is in memory: checking it costs no database round trip. */
    public boolean remembers(String keyId) {
        return cache.getIfPresent(keyId) != null;
    }

    /** The key behind an {@code Authorization} header, or null for every kind of bad key alike. */
    public Uni<ApiKey> authenticate(String authorization) {
        String presented = BasicCredentials.apiKey(authorization);
        String keyId = ApiKeyFormat.keyIdOf(presented);
        if (keyId == null) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(cache.get(keyId))
                .map(stored -> verify(presented, stored.orElse(null), Instant.now()));
    }

    private ApiKey verify(String presented, ApiKey key, Instant now) {
        byte[] presentedHash = Hashes.sha256(presented);
        boolean current = MessageDigest.isEqual(presentedHash, key == null ? NO_SUCH_KEY : key.keyHash());
        boolean previous = key != null && key.previousKeyHash() != null
                && MessageDigest.isEqual(presentedHash, key.previousKeyHash())
                && key.previousValidUntil() != null && now.isBefore(key.previousValidUntil());
        if (!(current || previous) || !key.isUsableAt(now)) {
            return null;
        }
        lastUse.put(key.id(), now);
        return key;
    }

    /** When the key was last used on this replica, if since the last flush. */
    public Instant lastUseOf(String keyId) {
        return lastUse.get(keyId);
    }

    public void invalidate(String keyId) {
        cache.synchronous().invalidate(keyId);
    }

    public void invalidateCustomer(long customerId) {
        cache.synchronous().asMap().entrySet()
                .removeIf(entry -> entry.getValue().map(key -> key.customerId() == customerId).orElse(false));
    }

    void flushLastUse() {
        if (lastUse.isEmpty()) {
            return;
        }
        Map<String, Instant> batch = new HashMap<>();
        lastUse.forEach((id, time) -> {
            batch.put(id, time);
            lastUse.remove(id, time);
        });
        repository.recordLastUse(batch).subscribe().with(
                done -> { },
                failure -> LOG.warnf("could not record last use of %d keys: %s", batch.size(), failure.getMessage()));
    }
}
