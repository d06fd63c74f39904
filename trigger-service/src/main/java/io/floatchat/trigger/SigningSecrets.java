package io.floatchat.trigger;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;

/**
 * A bot's webhook signing secrets: the current one and, for a day after a rotation, the previous
 * one. Never logged.
 */
public record SigningSecrets(long customerId, String current, String previous, Long previousValidUntil) {

    public static final String HEADER = "X-FloatChat-Signature";
    private static final String PREFIX = "sha256=";

    /**
     * {@code sha256=<hex HMAC-SHA256 of the body>} with the current secret, followed — while the
     * previous secret is still valid — by {@code , sha256=<hex>} with that one: a receiver accepts
     * the request when any of the signatures verifies with the secret it holds.
     */
    public String signatureHeader(String body, long now) {
        String signature = PREFIX + hmac(body, current);
        return previous != null && previousValidUntil != null && now < previousValidUntil
                ? signature + ", " + PREFIX + hmac(body, previous) : signature;
    }

    public static String hmac(String body, String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    @Override
    public String toString() {
        return "SigningSecrets[customerId=" + customerId + ", secrets=***]";
    }
}
