package io.floatchat.bench;

import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;

/** Tokens shaped like the gateway's (same claims, same key), for requests straight to a service. */
final class ServiceTokens {

    private final PrivateKey key;

    ServiceTokens(Path privateKeyPem) {
        try {
            String pem = Files.readString(privateKeyPem).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            this.key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the gateway's signing key", e);
        }
    }

    /**
     * A bearer token valid for 60 s (the gateway's lifetime) for one service ({@code aud}, as the
     * gateway mints one per service): mint a fresh one per benchmark phase.
     */
    String bearer(String audience, long customerId, String botKey, String... scopes) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer("floatchat-gateway");
        claims.setAudience(audience);
        claims.setSubject("bench");
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(1);
        claims.setClaim("customer_id", customerId);
        claims.setStringListClaim("bot_keys", List.of(botKey));
        claims.setStringListClaim("groups", List.of(scopes));
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(key);
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return "Bearer " + jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException(e);
        }
    }
}
