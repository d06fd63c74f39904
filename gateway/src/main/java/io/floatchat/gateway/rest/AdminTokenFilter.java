package io.floatchat.gateway.rest;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.floatchat.gateway.config.GatewayConfig;
import io.floatchat.gateway.security.Hashes;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Optional;

/**
 * The operator API needs {@code Authorization: Bearer <admin token>}, compared in constant time.
 * Without a configured token the operator API is closed. The token is never logged.
 */
public class AdminTokenFilter {

    private static final String BEARER = "Bearer ";

    private final Optional<String> adminToken;

    public AdminTokenFilter(GatewayConfig config) {
        this.adminToken = config.adminToken().filter(token -> !token.isBlank());
    }

    @ServerRequestFilter
    public void requireAdminToken(ContainerRequestContext request) {
        if (!request.getUriInfo().getPath().startsWith("/admin/")) {
            return;
        }
        String authorization = request.getHeaderString(HttpHeaders.AUTHORIZATION);
        boolean presented = authorization != null && authorization.regionMatches(true, 0, BEARER, 0, BEARER.length());
        String token = presented ? authorization.substring(BEARER.length()).trim() : "";
        if (adminToken.isEmpty() | !Hashes.constantTimeEquals(token, adminToken.orElse(""))) {
            throw new ApiException(ErrorCode.UNAUTHORIZED, "Missing or invalid admin token.")
                    .withHeader(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"floatchat-admin\"");
        }
    }
}
