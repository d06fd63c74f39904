package io.floatchat.gateway.service;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.security.Scopes;
import io.floatchat.gateway.ApiKey;

import java.util.List;

/**
 * A {@code keys:manage} key hands out only less than it has: a key it creates gets scopes and bots
 * within its own, expires no later than it does, and may send no faster than it may; it may
 * regenerate or revoke only keys no wider than itself. Asking for more is 403. What the request leaves
 * out comes from the caller: the default scopes it holds, its own bots, its own expiry, its own rate
 * limit. (The operator's admin token is not bounded so.)
 */
public final class KeyDelegation {

    private KeyDelegation() {
    }

    /**
     * The request as the caller may grant it, or 403 when it asks for more than the caller has.
     *
     * @param callerRate the caller's own requests per second (its limit, or the default one)
     */
    public static NewApiKey bounded(NewApiKey requested, ApiKey caller, int callerRate) {
        List<String> scopes = requested.scopes() != null ? requested.scopes()
                : Scopes.DEFAULT.stream().filter(caller.scopes()::contains).toList();
        List<String> botKeys = requested.botKeys() != null ? requested.botKeys() : caller.botKeys();
        if (requested.scopes() != null && !caller.scopes().containsAll(scopes)) {
            throw forbidden("scopes " + scopes.stream().filter(scope -> !caller.scopes().contains(scope)).toList()
                    + " it does not have");
        }
        if (!caller.covers(List.of(), botKeys)) {
            throw forbidden(botKeys == null ? "every bot while it is limited to some" : "bots it may not see");
        }
        if (caller.expiresAt() != null && requested.expiresAt() != null && requested.expiresAt().isAfter(caller.expiresAt())) {
            throw forbidden("a key that outlives it");
        }
        if (requested.rateLimitPerSecond() != null && requested.rateLimitPerSecond() > callerRate) {
            throw forbidden("a rate limit over its own " + callerRate + " requests per second");
        }
        return new NewApiKey(requested.name(), scopes, botKeys,
                requested.expiresAt() != null ? requested.expiresAt() : caller.expiresAt(),
                requested.rateLimitPerSecond() != null ? requested.rateLimitPerSecond() : caller.rateLimitPerSecond());
    }

    /** 403 unless the caller is at least as wide as the key it regenerates or revokes. */
    public static void requireCovers(ApiKey caller, ApiKey target, int defaultRate) {
        if (!caller.covers(target, defaultRate)) {
            throw new ApiException(ErrorCode.FORBIDDEN,
                    "This API key may not manage key " + target.id() + ": it has scopes or bots this key lacks.");
        }
    }

    private static ApiException forbidden(String what) {
        return new ApiException(ErrorCode.FORBIDDEN, "This API key cannot grant " + what + ".");
    }
}
