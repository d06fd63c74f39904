package io.floatchat.common.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

/**
 * One line per request: request id, API key id (never the key), route, status, duration. Handlers
 * that know the key id or the route pattern put them into the routing context under
 * {@link #KEY_ID} and {@link #ROUTE}; health and metrics probes log at DEBUG only.
 */
@ApplicationScoped
public class AccessLog {

    public static final String KEY_ID = "floatchat.keyId";
    public static final String ROUTE = "floatchat.route";

    private static final Logger LOG = Logger.getLogger("floatchat.access");
    private static final int PRIORITY = 1_100;

    /**
     * The vert.x context local Quarkus' HTTP metrics read the {@code uri} tag from (RESTEasy sets it for
     * its resources): routes served outside RESTEasy set it too, so metrics never carry raw paths.
     */
    private static final String METRICS_URI_TEMPLATE = "UrlPathTemplate";

    /** Names the route pattern a request matched, for the access log, the metrics and the trace. */
    public static void nameRoute(RoutingContext context, String pattern) {
        context.put(ROUTE, pattern);
        if (VertxContext.isOnDuplicatedContext()) {
            ContextLocals.put(METRICS_URI_TEMPLATE, pattern);
        }
    }

    /** The route pattern a request matched, or null. */
    public static String routeOf(RoutingContext context) {
        String route = context.get(ROUTE);
        if (route != null || !VertxContext.isOnDuplicatedContext()) {
            return route;
        }
        return ContextLocals.<String>get(METRICS_URI_TEMPLATE).orElse(null);
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            long start = System.nanoTime();
            context.addEndHandler(done -> log(context, start));
            context.next();
        }, PRIORITY);
    }

    private static void log(RoutingContext context, long start) {
        String path = context.request().path();
        boolean probe = path.startsWith("/q/");
        if (probe ? !LOG.isDebugEnabled() : !LOG.isInfoEnabled()) {
            return;
        }
        String route = routeOf(context);
        String keyId = context.get(KEY_ID);
        // built by hand: String.format was 5 % of a saturated gateway's CPU
        long tenthsOfMillis = (System.nanoTime() - start + 50_000) / 100_000;
        String line = new StringBuilder(128)
                .append(context.request().getHeader(RequestIds.HEADER))
                .append(" key=").append(keyId == null ? "-" : keyId)
                .append(' ').append(context.request().method().name())
                .append(' ').append(route == null ? path : route)
                .append(' ').append(context.response().getStatusCode())
                .append(' ').append(tenthsOfMillis / 10).append('.').append(tenthsOfMillis % 10).append("ms")
                .toString();
        if (probe) {
            LOG.debug(line);
        } else {
            LOG.info(line);
        }
    }
}
