package io.floatchat.testing;

import io.floatchat.common.security.JwtClaims;
import io.smallrye.jwt.build.Jwt;
import org.eclipse.microprofile.config.ConfigProvider;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;
import java.util.Set;

/**
 * Mints tokens shaped like the gateway's, signed with a key pair made once per test JVM; the
 * services under test verify them with the public half (see {@link EmbeddedInfrastructure}).
 */
public final class TestJwt {

    private static final KeyPair KEYS = generate();

    private String subject = "test-key";
    private long customerId;
    private List<String> botKeys = List.of();
    private Set<String> scopes = Set.of();
    private long lifetimeSeconds = 60;
    /** The service under test's own audience, as the gateway mints a token for it. */
    private String audience = ConfigProvider.getConfig().getOptionalValue("quarkus.application.name", String.class)
            .orElse(null);

    private TestJwt() {
    }

    public static TestJwt forTenant(long customerId, String... botKeys) {
        TestJwt jwt = new TestJwt();
        jwt.customerId = customerId;
        jwt.botKeys = List.of(botKeys);
        return jwt;
    }

    public TestJwt scopes(String... scopes) {
        this.scopes = Set.of(scopes);
        return this;
    }

    public TestJwt subject(String subject) {
        this.subject = subject;
        return this;
    }

    /** A token for another service (null: no audience at all). */
    public TestJwt audience(String audience) {
        this.audience = audience;
        return this;
    }

    public TestJwt expiresInSeconds(long seconds) {
        this.lifetimeSeconds = seconds;
        return this;
    }

    public String sign() {
        var claims = Jwt.issuer(JwtClaims.ISSUER);
        if (audience != null) {
            claims.audience(audience);
        }
        return claims
                .subject(subject)
                .claim(JwtClaims.CUSTOMER_ID, customerId)
                .claim(JwtClaims.BOT_KEYS, botKeys)
                .groups(scopes)
                .expiresIn(lifetimeSeconds)
                .sign(KEYS.getPrivate());
    }

    /** {@code Authorization} header value. */
    public String bearer() {
        return "Bearer " + sign();
    }

    public static String publicKeyPem() {
        return pem("PUBLIC KEY", KEYS.getPublic().getEncoded());
    }

    public static String privateKeyPem() {
        return pem("PRIVATE KEY", KEYS.getPrivate().getEncoded());
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
