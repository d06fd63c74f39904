package io.floatchat.gateway.routing;

import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.http.AccessLog;
import io.floatchat.common.http.RouterErrorResponses;
import io.floatchat.gateway.config.GatewayConfig;
import io.floatchat.gateway.security.GatewayTokenIssuer;
import io.floatchat.gateway.security.RequestAuthorizer;
import io.floatchat.gateway.security.Verdict;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * The public API's front door, for every request: route, API key, rate limit, tenant, scope, then
 * the owning service. Nothing here blocks or queries the database when the key is cached.
 */
@ApplicationScoped
public class PublicApiHandler {

    private static final Logger LOG = Logger.getLogger(PublicApiHandler.class);
    /** Before the REST layer, which serves only the routes handed on with {@code next()}. */
    private static final int ORDER = -100;

    private final RouteTable routes = RouteTable.publicApi();
    private final RequestAuthorizer authorizer;
    private final GatewayTokenIssuer tokens;
    private final ServiceProxy proxy;
    private final RouterErrorResponses errors;
    private final long maxBodySize;
    private final long maxUploadSize;

    public PublicApiHandler(RequestAuthorizer authorizer, GatewayTokenIssuer tokens, ServiceProxy proxy,
                            RouterErrorResponses errors, GatewayConfig config) {
        this.authorizer = authorizer;
        this.tokens = tokens;
        this.proxy = proxy;
        this.errors = errors;
        this.maxBodySize = config.proxy().maxBodySize().asLongValue();
        this.maxUploadSize = config.proxy().maxUploadSize().asLongValue();
    }

    void register(@Observes Router router) {
        for (String prefix : new String[]{"/bot-api/*", "/whatsapp-api/*", "/webhooks/*"}) {
            router.route(prefix).order(ORDER).handler(this::handle);
        }
    }

    void handle(RoutingContext context) {
        HttpServerRequest request = context.request();
        Route.Match match = routes.match(request.method().name(), request.path());
        if (match == null) {
            errors.respond(context, ErrorCode.NOT_FOUND, "No such route.");
            return;
        }
        Route route = match.route();
        AccessLog.nameRoute(context, route.pattern());
        if (tooLarge(request, route)) {
            context.response().putHeader(HttpHeaders.CONNECTION, "close");
            errors.respond(context, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than this route accepts ("
                    + (route.upload() ? maxUploadSize : maxBodySize) + " bytes).");
            return;
        }
        if (route.upstream() == Upstream.GATEWAY) {
            // the gateway's own resources: untouched, RequestAuthorizationFilter checks them there
            context.next();
            return;
        }
        if (!route.authenticated()) {
            proxy.forward(context, route.upstream(), null);
            return;
        }
        // the body stays in the socket until the key is known
        request.pause();
        Context requestContext = Vertx.currentContext();
        authorizer.authorize(request.getHeader(HttpHeaders.AUTHORIZATION), clientAddress(request), match)
                .subscribe().with(
                        verdict -> onRequestContext(requestContext, () -> proceed(context, match, verdict)),
                        failure -> onRequestContext(requestContext, () -> {
                            LOG.errorf("request %s: API key lookup failed: %s", request.getHeader("X-Request-Id"),
                                    failure.getMessage());
                            errors.respond(context, ErrorCode.UNAVAILABLE,
                                    "API keys cannot be checked right now; try again shortly.");
                        }));
    }

    /** A cached key answers at once, still on the request's context: no task queued for it. */
    private static void onRequestContext(Context requestContext, Runnable action) {
        if (Vertx.currentContext() == requestContext) {
            action.run();
        } else {
            requestContext.runOnContext(ignored -> action.run());
        }
    }

    private void proceed(RoutingContext context, Route.Match match, Verdict verdict) {
        HttpServerResponse response = context.response();
        verdict.headers().forEach(response::putHeader);
        if (verdict.key() != null) {
            context.put(AccessLog.KEY_ID, verdict.key().id());
        }
        if (!verdict.isAllowed()) {
            errors.respond(context, verdict.error(), verdict.details());
            return;
        }
        proxy.forward(context, match.route().upstream(), tokens.tokenFor(verdict.key()));
    }

    private boolean tooLarge(HttpServerRequest request, Route route) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return false;
        }
        try {
            return Long.parseLong(declared.trim()) > (route.upload() ? maxUploadSize : maxBodySize);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
