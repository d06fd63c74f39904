package io.floatchat.common.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Alternative;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * Verifies a gateway token once and serves the verified principal from memory until the token
 * expires. The gateway reuses one token per API key for most of its minute-long life, so without
 * this every request paid an RS256 signature check (13 % of a saturated trigger-service's CPU).
 *
 * <p>Only a token string that verified, against the same verification settings, is ever served
 * from here; a tampered token is a different string and is verified (and refused) as before.
 * Refusals are not remembered. The memory is bounded by count and by a token's lifetime.
 */
@ApplicationScoped
@Alternative
@Priority(1)
public class CachingJwtPrincipalFactory extends JWTCallerPrincipalFactory {

    private static final int MAX_TOKENS = 10_000;
    /** No gateway token lives longer; a hand-made long-lived token is re-verified at least this often. */
    private static final Duration MAX_REMEMBERED = Duration.ofMinutes(5);

    private final JWTCallerPrincipalFactory verifier;
    private final LongSupplier epochSeconds;
    private final Cache<String, Verified> verified;

    /** smallrye-jwt also instantiates this class reflectively for one-off keys; each gets its own memory. */
    public CachingJwtPrincipalFactory() {
        this(new GatewayTokenPrincipal.Verifier(), () -> System.currentTimeMillis() / 1000);
    }

    CachingJwtPrincipalFactory(JWTCallerPrincipalFactory verifier, LongSupplier epochSeconds) {
        this.verifier = verifier;
        this.epochSeconds = epochSeconds;
        this.verified = Caffeine.newBuilder()
                .maximumSize(MAX_TOKENS)
                .expireAfterWrite(MAX_REMEMBERED)
                .build();
    }

    @Override
    public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
        Verified earlier = verified.getIfPresent(token);
        if (earlier != null && earlier.settings() == settings && epochSeconds.getAsLong() < earlier.expiresAt()) {
            return earlier.principal();
        }
        JWTCallerPrincipal principal = verifier.parse(token, settings);
        verified.put(token, new Verified(settings, principal, principal.getExpirationTime()));
        return principal;
    }

    private record Verified(JWTAuthContextInfo settings, JWTCallerPrincipal principal, long expiresAt) {
    }
}
