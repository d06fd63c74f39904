package io.floatchat.gateway.security;

import io.floatchat.common.error.ErrorCode;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.ratelimit.RateLimiter;
import io.floatchat.gateway.ratelimit.TokenBucket;
import io.floatchat.gateway.routing.Route;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The checks of every public request, in order: a valid key (401, all bad keys alike), its rate
 * limit (429), the path's customer and bot visible to it (1002, the same as for ones that do not
 * exist), the route's scope (403).
 */
@ApplicationScoped
public class RequestAuthorizer {

    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;

    public RequestAuthorizer(ApiKeyAuthenticator authenticator, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    public Uni<Verdict> authorize(String authorization, String clientAddress, Route.Match match) {
        return authenticator.authenticate(authorization).map(key -> decide(key, clientAddress, match));
    }

    private Verdict decide(ApiKey key, String clientAddress, Route.Match match) {
        if (key == null) {
            TokenBucket.Decision anonymous = rateLimiter.forAnonymous(clientAddress);
            return anonymous.allowed()
                    ? Verdict.denied(null, anonymous, ErrorCode.UNAUTHORIZED, "Missing or invalid API key.")
                    : tooMany(null, anonymous);
        }
        TokenBucket.Decision rate = rateLimiter.forKey(key);
        if (!rate.allowed()) {
            return tooMany(key, rate);
        }
        if (!Long.toString(key.customerId()).equals(match.customerId())
                || (match.botKey() != null && !key.canSee(match.botKey()))) {
            return Verdict.denied(key, rate, ErrorCode.INVALID_BOT_OR_CUSTOMER_ID, "Unknown customer id or bot key.");
        }
        String scope = match.route().scope();
        if (!key.scopes().contains(scope)) {
            return Verdict.denied(key, rate, ErrorCode.FORBIDDEN, "This API key lacks the scope " + scope + ".");
        }
        return Verdict.allowed(key, rate);
    }

    private static Verdict tooMany(ApiKey key, TokenBucket.Decision rate) {
        return Verdict.denied(key, rate, ErrorCode.RATE_LIMITED,
                "Too many requests; retry after " + rate.retryAfterSeconds() + " s.");
    }
}
