package io.floatchat.common.security;

import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import org.eclipse.microprofile.jwt.Claims;
import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CachingJwtPrincipalFactoryTest {

    private static final KeyPair GATEWAY = rsa();
    private static final KeyPair STRANGER = rsa();

    private final JWTAuthContextInfo settings = settingsFor(GATEWAY);
    private final AtomicLong now = new AtomicLong(System.currentTimeMillis() / 1000);
    private final CachingJwtPrincipalFactory factory =
            new CachingJwtPrincipalFactory(new GatewayTokenPrincipal.Verifier(), now::get);

    @Test
    void aVerifiedTokenIsServedFromMemoryUntilItExpires() throws Exception {
        String token = sign(GATEWAY, 60);
        JWTCallerPrincipal first = factory.parse(token, settings);

        assertThat(factory.parse(token, settings)).isSameAs(first);
        assertThat(first.getClaim(JwtClaims.CUSTOMER_ID).toString()).isEqualTo("10001");

        now.set(first.getExpirationTime());
        JWTCallerPrincipal afterExpiry = factory.parse(token, settings);
        assertThat(afterExpiry).as("verified again once its exp is reached").isNotSameAs(first);
    }

    @Test
    void ourOwnClaimsAreReadAsJsonValuesAndStandardClaimsKeepTheirTypes() throws Exception {
        GatewayTokenPrincipal principal = (GatewayTokenPrincipal) factory.parse(sign(GATEWAY, 60), settings);

        assertThat(principal.getClaimType(JwtClaims.CUSTOMER_ID)).as("looked up, not thrown for").isEqualTo(Claims.UNKNOWN);
        assertThat(principal.getClaimType("exp")).isEqualTo(Claims.exp);
        assertThat((Object) principal.getClaim(JwtClaims.CUSTOMER_ID)).isInstanceOf(JsonNumber.class).hasToString("10001");
        assertThat((Object) principal.getClaim(JwtClaims.BOT_KEYS)).isInstanceOf(JsonArray.class).hasToString("[\"bot-a\"]");
        assertThat(principal.getGroups()).containsExactly("users:read");
        assertThat((Long) principal.getClaim("exp")).isEqualTo(principal.getExpirationTime());
    }

    @Test
    void aTokenSignedByAnotherKeyIsRefusedEveryTime() {
        String forged = sign(STRANGER, 60);

        assertThatThrownBy(() -> factory.parse(forged, settings)).isInstanceOf(ParseException.class);
        assertThatThrownBy(() -> factory.parse(forged, settings)).isInstanceOf(ParseException.class);
    }

    @Test
    void aTamperedCopyOfARememberedTokenIsRefused() throws Exception {
        String token = sign(GATEWAY, 60);
        factory.parse(token, settings);
        String[] parts = token.split("\\.");
        String otherPayload = sign(GATEWAY, 60, 99999).split("\\.")[1];

        assertThatThrownBy(() -> factory.parse(parts[0] + "." + otherPayload + "." + parts[2], settings))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void anExpiredTokenIsRefused() {
        String expired = sign(GATEWAY, -600);

        assertThatThrownBy(() -> factory.parse(expired, settings)).isInstanceOf(ParseException.class);
    }

    @Test
    void aRememberedTokenIsVerifiedAgainAgainstOtherSettings() throws Exception {
        String token = sign(GATEWAY, 60);
        factory.parse(token, settings);

        assertThatThrownBy(() -> factory.parse(token, settingsFor(STRANGER))).isInstanceOf(ParseException.class);
    }

    private static String sign(KeyPair keys, long lifetimeSeconds) {
        return sign(keys, lifetimeSeconds, 10001);
    }

    private static String sign(KeyPair keys, long lifetimeSeconds, long customerId) {
        return Jwt.issuer(JwtClaims.ISSUER)
                .subject("key-1")
                .claim(JwtClaims.CUSTOMER_ID, customerId)
                .claim(JwtClaims.BOT_KEYS, List.of("bot-a"))
                .groups("users:read")
                .expiresIn(lifetimeSeconds)
                .sign(keys.getPrivate());
    }

    private static JWTAuthContextInfo settingsFor(KeyPair keys) {
        return new JWTAuthContextInfo((RSAPublicKey) keys.getPublic(), JwtClaims.ISSUER);
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
