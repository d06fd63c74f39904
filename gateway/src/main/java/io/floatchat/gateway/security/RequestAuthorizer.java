package io.floatchat.gateway.security;

import io.floatchat.common.error.ErrorCode;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.ratelimit.RateLimiter;
import io.floatchat.gateway.ratelimit.TokenBucket;
import io.floatchat.gateway.routing.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The checks of every public request, in order: a valid key (401, all bad keys alike), its rate
 * limit (429), the path's customer and bot visible to it (1002, the same as for ones that do not
 * exist), the route's scope (403). A request whose key is not in the gateway's memory — malformed,
 * unknown, or not looked up lately — first spends a token of its client address's bucket, before
 * any lookup: without a valid key, nobody makes the gateway query its database faster than that.
 */
@ApplicationScoped
public class RequestAuthorizer {

    private final ApiKeyAuthenticator authenticator;
    private final RateLimiter rateLimiter;

    /** floatchat_gateway_rate_limited_total{caller="key"|"anonymous"}: requests refused with 429. */
    private final Counter keyRejections;
    private final Counter anonymousRejections;

    public RequestAuthorizer(ApiKeyAuthenticator authenticator, RateLimiter rateLimiter, MeterRegistry registry) {
        this.keyRejections = rateLimited(registry, "key");
        this.anonymousRejections = rateLimited(registry, "anonymous");
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    public Uni<Verdict> authorize(String authorization, String clientAddress, Route.Match match) {
        String keyId = ApiKeyAuthenticator.keyIdOf(authorization);
        if (keyId == null || !authenticator.remembers(keyId)) {
            TokenBucket.Decision address = rateLimiter.forAnonymous(clientAddress);
            if (!address.allowed()) {
                return Uni.createFrom().item(tooMany(null, address));
            }
            if (keyId == null) {
                return Uni.createFrom().item(unauthorized(address));
            }
            return authenticator.authenticate(authorization)
                    .map(key -> key == null ? unauthorized(address) : decide(key, match));
        }
        return authenticator.authenticate(authorization).map(key -> key == null
                ? anonymous(clientAddress) : decide(key, match));
    }

    /** A key the gateway remembered that did not verify: its address pays for it, as for any bad key. */
    private Verdict anonymous(String clientAddress) {
        TokenBucket.Decision address = rateLimiter.forAnonymous(clientAddress);
        return address.allowed() ? unauthorized(address) : tooMany(null, address);
    }

    private static Verdict unauthorized(TokenBucket.Decision address) {
        return Verdict.denied(null, address, ErrorCode.UNAUTHORIZED, "Missing or invalid API key.");
    }

    private Verdict decide(ApiKey key, Route.Match match) {
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

    private static Counter rateLimited(MeterRegistry registry, String caller) {
        return Counter.builder("floatchat.gateway.rate.limited")
                .description("Requests refused by a rate limit (429)")
                .tag("caller", caller)
                .register(registry);
    }

    private Verdict tooMany(ApiKey key, TokenBucket.Decision rate) {
        (key == null ? anonymousRejections : keyRejections).increment();
        return Verdict.denied(key, rate, ErrorCode.RATE_LIMITED,
                "Too many requests; retry after " + rate.retryAfterSeconds() + " s.");
    }
}
