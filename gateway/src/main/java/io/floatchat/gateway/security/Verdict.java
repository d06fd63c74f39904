package io.floatchat.gateway.security;

import io.floatchat.common.error.ErrorCode;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.ratelimit.TokenBucket;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What the gateway decided about one request: the key (when valid), the rate-limit state for the
 * {@code RateLimit-*} headers, and the error to answer with, if any.
 */
public record Verdict(ApiKey key, TokenBucket.Decision rateLimit, ErrorCode error, String details) {

    static final String REALM = "Basic realm=\"floatchat\"";

    static Verdict allowed(ApiKey key, TokenBucket.Decision rateLimit) {
        return new Verdict(key, rateLimit, null, null);
    }

    static Verdict denied(ApiKey key, TokenBucket.Decision rateLimit, ErrorCode error, String details) {
        return new Verdict(key, rateLimit, error, details);
    }

    public boolean isAllowed() {
        return error == null;
    }

    /** The headers of the response, whatever it is. */
    public Map<String, String> headers() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Limit", Integer.toString(rateLimit.limit()));
        headers.put("RateLimit-Remaining", Integer.toString(rateLimit.remaining()));
        headers.put("RateLimit-Reset", Long.toString(rateLimit.resetSeconds()));
        if (error == ErrorCode.RATE_LIMITED) {
            headers.put("Retry-After", Long.toString(rateLimit.retryAfterSeconds()));
        } else if (error == ErrorCode.UNAUTHORIZED) {
            headers.put("WWW-Authenticate", REALM);
        }
        return headers;
    }
}
