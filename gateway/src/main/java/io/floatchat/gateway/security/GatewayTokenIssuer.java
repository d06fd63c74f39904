package io.floatchat.gateway.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floatchat.common.security.JwtClaims;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.config.GatewayConfig;
import io.smallrye.jwt.build.Jwt;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashSet;

/**
 * Signs the short-lived JWT the services verify (RS256, key from configuration), one per service
 * ({@code aud}): a token a service was given is refused by every other. A token is reused for part of
 * its life, so signing costs once per key and service per interval, not once per request.
 */
@ApplicationScoped
public class GatewayTokenIssuer {

    private final Cache<String, String> minted;
    private final long lifetimeSeconds;

    public GatewayTokenIssuer(GatewayConfig config) {
        if (config.jwt().reuse().compareTo(config.jwt().lifetime()) >= 0) {
            throw new IllegalStateException("floatchat.jwt.reuse must be shorter than floatchat.jwt.lifetime");
        }
        this.lifetimeSeconds = Math.min(60, config.jwt().lifetime().toSeconds());
        this.minted = Caffeine.newBuilder()
                .expireAfterWrite(config.jwt().reuse())
                .maximumSize(config.keyCache().maxSize())
                .build();
    }

    /** @param audience the service the token is for ({@code quarkus.application.name} of it) */
    public String tokenFor(ApiKey key, String audience) {
        // the bots are part of the cache key: a key that sees a new bot gets a token that names it
        return minted.get(key.id() + "/" + audience + "/" + key.visibleBots().hashCode(), id -> sign(key, audience));
    }

    public void forget(String keyId) {
        minted.asMap().keySet().removeIf(cached -> cached.startsWith(keyId + "/"));
    }

    private String sign(ApiKey key, String audience) {
        return Jwt.issuer(JwtClaims.ISSUER)
                .audience(audience)
                .subject(key.id())
                .claim(JwtClaims.CUSTOMER_ID, key.customerId())
                .claim(JwtClaims.BOT_KEYS, key.visibleBots())
                .groups(new HashSet<>(key.scopes()))
                .expiresIn(lifetimeSeconds)
                .sign();
    }
}
