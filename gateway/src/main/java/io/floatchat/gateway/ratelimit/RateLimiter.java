package io.floatchat.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.config.GatewayConfig;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * One bucket per API key (its own limit or the default), and one per client address for requests
 * without a valid key. Buckets live in this replica: with N replicas a key gets up to N times its limit.
 */
@ApplicationScoped
public class RateLimiter {

    private static final Duration IDLE = Duration.ofMinutes(10);

    private final GatewayConfig.RateLimit config;
    private final Cache<String, TokenBucket> keys = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(200_000).build();
    private final Cache<String, TokenBucket> addresses = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(200_000).build();
    private final Cache<String, TokenBucket> webhookBots = Caffeine.newBuilder().expireAfterAccess(IDLE).maximumSize(200_000).build();
    private final Cache<String, TokenBucket> webhookAddresses = Caffeine.newBuilder().expireAfterAccess(IDLE)
            .maximumSize(200_000).build();

    public RateLimiter(GatewayConfig config) {
        this.config = config.rateLimit();
    }

    public TokenBucket.Decision forKey(ApiKey key) {
        int perSecond = key.rateLimitPerSecond() != null ? key.rateLimitPerSecond() : config.perSecond();
        int burst = key.rateLimitPerSecond() != null ? Math.max(1, key.rateLimitPerSecond() * 2) : config.burst();
        // the bucket is keyed by the limit too, so a changed limit takes effect with a fresh bucket
        return keys.get(key.id() + "/" + perSecond, id -> new TokenBucket(burst, perSecond, System.nanoTime()))
                .tryTake(System.nanoTime());
    }

    /**
     * A webhook (no API key: its signature is checked by the service) — one bucket per bot and one
     * per client address; both must have a token. A flood at one bot's webhook takes that bot's
     * bucket, not every bot's.
     */
    public TokenBucket.Decision forWebhook(String botKey, String address) {
        int perBot = config.webhookPerBotPerSecond();
        int perAddress = config.webhookPerAddressPerSecond();
        TokenBucket.Decision byAddress = webhookAddresses.get(address, id -> new TokenBucket(perAddress * 2, perAddress,
                System.nanoTime())).tryTake(System.nanoTime());
        if (!byAddress.allowed()) {
            return byAddress;
        }
        return webhookBots.get(botKey == null ? "" : botKey, id -> new TokenBucket(perBot * 2, perBot, System.nanoTime()))
                .tryTake(System.nanoTime());
    }

    public TokenBucket.Decision forAnonymous(String address) {
        int perSecond = config.anonymousPerSecond();
        return addresses.get(address, id -> new TokenBucket(perSecond * 2, perSecond, System.nanoTime()))
                .tryTake(System.nanoTime());
    }
}
