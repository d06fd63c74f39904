package io.floatchat.common.security;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.http.AccessLog;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.security.identity.CurrentIdentityAssociation;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

import java.util.Collection;

/**
 * In every service behind the gateway: a path that names a customer and a bot is served only with
 * a valid gateway JWT (401 otherwise) whose claims hold that customer and bot (1002 otherwise, as
 * the gateway answers). A service reached without the gateway rejects the call. Scopes are checked
 * by {@code @RolesAllowed} on the resources.
 */
@IfBuildProperty(name = "floatchat.security.tenant-guard", stringValue = "true")
public class TenantGuard {

    private final CurrentIdentityAssociation identity;

    public TenantGuard(CurrentIdentityAssociation identity) {
        this.identity = identity;
    }

    @ServerRequestFilter
    public Uni<Void> requireTenant(ContainerRequestContext request, RoutingContext context) {
        // the decoded, normalised path the REST layer routes on: the customer and bot its resources are given
        TenantPath tenant = TenantPath.of(request.getUriInfo().getPath());
        if (tenant == null) {
            return null;
        }
        return identity.getDeferredIdentity().map(caller -> {
            if (caller.isAnonymous() || !(caller.getPrincipal() instanceof JsonWebToken token)) {
                throw new ApiException(ErrorCode.UNAUTHORIZED, "Missing or invalid gateway token.")
                        .withHeader("WWW-Authenticate", "Bearer");
            }
            context.put(AccessLog.KEY_ID, token.getSubject());
            if (!sameCustomer(token, tenant.customerId()) || !hasBot(token, tenant.botKey())) {
                throw ApiException.invalidBotOrCustomer();
            }
            return null;
        });
    }

    private static boolean sameCustomer(JsonWebToken token, String customerId) {
        Object claim = token.getClaim(JwtClaims.CUSTOMER_ID);
        return claim != null && claimText(claim).equals(customerId);
    }

    private static boolean hasBot(JsonWebToken token, String botKey) {
        Object claim = token.getClaim(JwtClaims.BOT_KEYS);
        if (claim instanceof Collection<?> bots) {
            return bots.stream().anyMatch(bot -> claimText(bot).equals(botKey));
        }
        return false;
    }

    /** Claims arrive as JSON values: a string's text is unquoted, a number's is its digits. */
    private static String claimText(Object claim) {
        if (claim instanceof jakarta.json.JsonString string) {
            return string.getString();
        }
        return claim.toString();
    }
}
