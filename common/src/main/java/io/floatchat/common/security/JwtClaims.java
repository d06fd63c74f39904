package io.floatchat.common.security;

/** The claims of the short-lived token the gateway signs and every service verifies. */
public final class JwtClaims {

    /** {@code iss}: services accept only tokens the gateway issued. */
    public static final String ISSUER = "floatchat-gateway";
    /** The API key's customer (a number). */
    public static final String CUSTOMER_ID = "customer_id";
    /** The bots the key may reach (array of bot keys). */
    public static final String BOT_KEYS = "bot_keys";
    /** {@code sub} holds the API key id, {@code groups} its scopes. */
    public static final String GROUPS = "groups";

    /**
     * {@code aud}: the one service a token is for — that service's {@code quarkus.application.name};
     * each service accepts only tokens of its own audience ({@code mp.jwt.verify.audiences}).
     */
    public static final String USERS_SERVICE = "users-service";
    public static final String CONVERSATIONS_SERVICE = "conversations-service";
    public static final String BROADCAST_SERVICE = "broadcast-service";
    public static final String TRIGGER_SERVICE = "trigger-service";

    /**
     * The header in which the gateway hands broadcast-service a second token, for users-service, on a
     * route where broadcast-service reads the caller's users on its behalf (an audience, placeholders).
     * A client's own value of it is never forwarded.
     */
    public static final String USERS_TOKEN_HEADER = "X-FloatChat-Users-Token";

    private JwtClaims() {
    }
}
