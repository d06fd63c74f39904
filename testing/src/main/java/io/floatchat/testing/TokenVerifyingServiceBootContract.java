package io.floatchat.testing;

import io.quarkus.arc.Arc;
import io.smallrye.jwt.auth.principal.JWTParser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The boot contract of a service behind the gateway: it verifies the gateway's token, once per token. */
public abstract class TokenVerifyingServiceBootContract extends ServiceBootContract {

    @Test
    void aGatewayTokenIsVerifiedOnceThenServedFromMemory() throws Exception {
        JWTParser parser = Arc.container().instance(JWTParser.class).get();
        String token = TestJwt.forTenant(10001, "bot-a").sign();

        assertThat(parser.parse(token)).isSameAs(parser.parse(token));
    }
}
