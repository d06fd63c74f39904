package io.floatchat.common.security;

import io.smallrye.jwt.auth.principal.DefaultJWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.DefaultJWTTokenParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipal;
import io.smallrye.jwt.auth.principal.JWTCallerPrincipalFactory;
import io.smallrye.jwt.auth.principal.ParseException;
import org.eclipse.microprofile.jwt.Claims;
import org.jose4j.jwt.consumer.JwtContext;

import java.util.Arrays;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * smallrye-jwt's principal, except that reading a claim of our own ({@code customer_id},
 * {@code bot_keys}: the tenant guard reads both on every request) does not throw: smallrye-jwt
 * finds a claim's type with {@code Claims.valueOf}, whose exception for a name outside the
 * standard set filled a stack trace per read (5 % of a saturated trigger-service).
 */
final class GatewayTokenPrincipal extends DefaultJWTCallerPrincipal {

    private static final Map<String, Claims> STANDARD = Arrays.stream(Claims.values())
            .collect(Collectors.toUnmodifiableMap(Claims::name, Function.identity()));

    GatewayTokenPrincipal(String tokenType, org.jose4j.jwt.JwtClaims claims) {
        super(tokenType, claims);
    }

    @Override
    protected Claims getClaimType(String claimName) {
        return STANDARD.getOrDefault(claimName, Claims.UNKNOWN);
    }

    /** Verifies as smallrye-jwt's default factory does; answers this principal. */
    static final class Verifier extends JWTCallerPrincipalFactory {

        private final DefaultJWTTokenParser parser = new DefaultJWTTokenParser();

        @Override
        public JWTCallerPrincipal parse(String token, JWTAuthContextInfo settings) throws ParseException {
            JwtContext verified = parser.parse(token, settings);
            return new GatewayTokenPrincipal(verified.getJoseObjects().get(0).getHeader("typ"), verified.getJwtClaims());
        }
    }
}
