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

    private JwtClaims() {
    }
}
