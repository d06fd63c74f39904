package io.floatchat.gateway.security;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * Reads the API key from {@code Authorization}: FloatChat's documented {@code Basic <apiKey>}, or
 * the RFC 7617 form {@code Basic base64("<apiKey>:")} that {@code curl -u KEY:} sends.
 */
public final class BasicCredentials {

    private static final String SCHEME = "basic ";
    /** Longer than any key in either form: nothing bigger is worth decoding. */
    private static final int MAX_LENGTH = 256;

    private BasicCredentials() {
    }

    /** The presented key, or null when the header is missing or not Basic. */
    public static String apiKey(String authorization) {
        if (authorization == null || authorization.length() > MAX_LENGTH
                || !authorization.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        String credentials = authorization.substring(SCHEME.length()).trim();
        if (credentials.startsWith(ApiKeyFormat.PREFIX)) {
            return credentials;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException notBase64) {
            return null;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return decoded;
        }
        String user = decoded.substring(0, colon);
        String password = decoded.substring(colon + 1);
        // the key is the user name ("KEY:"); tolerate clients that put it in the password (":KEY")
        return user.isEmpty() ? password : user;
    }
}
