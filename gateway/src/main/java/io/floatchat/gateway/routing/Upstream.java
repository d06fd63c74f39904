package io.floatchat.gateway.routing;

import io.floatchat.common.security.JwtClaims;

/**
 * Where a route goes: one of the four services — each the audience of the tokens minted for it —
 * or the gateway's own REST resources.
 */
public enum Upstream {
    USERS(JwtClaims.USERS_SERVICE),
    CONVERSATIONS(JwtClaims.CONVERSATIONS_SERVICE),
    BROADCAST(JwtClaims.BROADCAST_SERVICE),
    TRIGGER(JwtClaims.TRIGGER_SERVICE),
    GATEWAY(null);

    private final String audience;

    Upstream(String audience) {
        this.audience = audience;
    }

    /** The {@code aud} of a token for this service. */
    public String audience() {
        return audience;
    }
}
