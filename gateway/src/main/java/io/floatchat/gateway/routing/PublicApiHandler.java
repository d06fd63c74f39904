package io.floatchat.gateway.routing;

import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.http.AccessLog;
import io.floatchat.common.http.RouterErrorResponses;
import io.floatchat.common.http.StreamedBodyLimitFilter;
import io.floatchat.common.security.JwtClaims;
import io.floatchat.gateway.ratelimit.RateLimiter;
import io.floatchat.gateway.ratelimit.TokenBucket;
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

import java.util.List;

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
    private final RateLimiter rateLimiter;
    private final GatewayTokenIssuer tokens;
    private final ServiceProxy proxy;
    private final RouterErrorResponses errors;
    private final long maxBodySize;
    private final long maxUploadSize;

    public PublicApiHandler(RequestAuthorizer authorizer, RateLimiter rateLimiter, GatewayTokenIssuer tokens,
                            ServiceProxy proxy, RouterErrorResponses errors, GatewayConfig config) {
        this.authorizer = authorizer;
        this.rateLimiter = rateLimiter;
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
            List<String> allowed = routes.methodsOf(request.path());
            if (!allowed.isEmpty()) {
                context.response().putHeader(HttpHeaders.ALLOW, String.join(", ", allowed));
                errors.respond(context, ErrorCode.METHOD_NOT_ALLOWED, "This route takes " + String.join(", ", allowed) + ".");
                return;
            }
            errors.respond(context, ErrorCode.NOT_FOUND, "No such route.");
            return;
        }
        Route route = match.route();
        AccessLog.nameRoute(context, route.pattern());
        long limit = route.upload() ? maxUploadSize : maxBodySize;
        if (tooLarge(request, limit)) {
            errors.respondAndClose(context, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than this route accepts ("
                    + limit + " bytes).");
            return;
        }
        if (route.upstream() == Upstream.GATEWAY) {
            // the gateway's own resources: GatewayRouteFilter checks them there; a streamed body is read up to the
            // route's limit first (413 in the envelope past it)
            if (StreamedBodyLimitFilter.isStreamed(request)) {
                StreamedBodyLimitFilter.reader(limit).handle(context);
            } else {
                context.next();
            }
            return;
        }
        if (!route.authenticated()) {
            // no key: the route's own signature is checked upstream; what reaches it is bounded per bot and per address
            TokenBucket.Decision rate = rateLimiter.forWebhook(match.botKey(), clientAddress(request));
            if (!rate.allowed()) {
                context.response().putHeader("Retry-After", Long.toString(rate.retryAfterSeconds()));
                errors.respond(context, ErrorCode.RATE_LIMITED, "Too many webhook requests; retry after "
                        + rate.retryAfterSeconds() + " s.");
                return;
            }
            request.pause();
            proxy.forward(context, route.upstream(), null, null, limit);
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
        Route route = match.route();
        proxy.forward(context, route.upstream(), tokens.tokenFor(verdict.key(), route.upstream().audience()),
                route.readsUsers() ? tokens.tokenFor(verdict.key(), JwtClaims.USERS_SERVICE) : null,
                route.upload() ? maxUploadSize : maxBodySize);
    }

    private static boolean tooLarge(HttpServerRequest request, long limit) {
        String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null) {
            return false;
        }
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    static String clientAddress(HttpServerRequest request) {
        return request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
    }
}
