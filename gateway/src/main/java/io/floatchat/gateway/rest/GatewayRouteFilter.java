package io.floatchat.gateway.rest;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.http.AccessLog;
import io.floatchat.gateway.ApiKey;
import io.floatchat.gateway.routing.Route;
import io.floatchat.gateway.routing.RouteTable;
import io.floatchat.gateway.routing.Upstream;
import io.floatchat.gateway.security.RequestAuthorizer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * The public routes the gateway answers itself (a customer's own keys) pass the same checks as the
 * proxied ones; the REST layer reads the body only after they pass.
 */
public class GatewayRouteFilter {

    /** Where the resources find the key that passed. */
    public static final String AUTHENTICATED_KEY = "floatchat.apiKey";

    private final RouteTable routes = RouteTable.publicApi();
    private final RequestAuthorizer authorizer;

    public GatewayRouteFilter(RequestAuthorizer authorizer) {
        this.authorizer = authorizer;
    }

    @ServerRequestFilter
    public Uni<Void> authorize(ContainerRequestContext request, RoutingContext context) {
        Route.Match match = routes.match(request.getMethod(), context.request().path());
        if (match == null || match.route().upstream() != Upstream.GATEWAY) {
            return null;
        }
        HttpServerRequest vertxRequest = context.request();
        String client = vertxRequest.remoteAddress() == null ? "unknown" : vertxRequest.remoteAddress().hostAddress();
        return authorizer.authorize(request.getHeaderString(HttpHeaders.AUTHORIZATION), client, match)
                .map(verdict -> {
                    verdict.headers().forEach(context.response()::putHeader);
                    if (verdict.key() != null) {
                        context.put(AccessLog.KEY_ID, verdict.key().id());
                    }
                    if (!verdict.isAllowed()) {
                        ApiException denied = new ApiException(verdict.error(), verdict.details());
                        for (var header : verdict.headers().entrySet()) {
                            denied = denied.withHeader(header.getKey(), header.getValue());
                        }
                        throw denied;
                    }
                    context.put(AUTHENTICATED_KEY, verdict.key());
                    return null;
                });
    }

    static ApiKey authenticatedKey(RoutingContext context) {
        return context.get(AUTHENTICATED_KEY);
    }
}
