package io.floatchat.common.tracing;

import io.floatchat.common.http.AccessLog;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * One SERVER span per HTTP request, continuing the caller's trace ({@code traceparent}); health and
 * metrics probes are not traced. The span becomes the request's current context, which the gateway
 * forwards to services and the outbox stores with each event.
 */
@ApplicationScoped
public class HttpServerTracing {

    /** Before the access log and request ids, so they run inside the span. */
    private static final int PRIORITY = 1_200;

    private final Tracer tracer;
    private final TraceContexts traceContexts;
    private final boolean enabled;

    public HttpServerTracing(OpenTelemetry openTelemetry, TraceContexts traceContexts) {
        this.tracer = openTelemetry.getTracer("io.floatchat.http");
        this.traceContexts = traceContexts;
        this.enabled = openTelemetry != OpenTelemetry.noop();
    }

    void register(@Observes Filters filters) {
        if (enabled) {
            filters.register(this::trace, PRIORITY);
        }
    }

    private void trace(RoutingContext routing) {
        HttpServerRequest request = routing.request();
        if (request.path().startsWith("/q/")) {
            routing.next();
            return;
        }
        Context parent = traceContexts.fromHeaders(request.headers());
        Span span = tracer.spanBuilder(request.method().name())
                .setSpanKind(SpanKind.SERVER)
                .setParent(parent)
                .setAttribute("http.request.method", request.method().name())
                .setAttribute("url.path", request.path())
                .startSpan();
        traceContexts.attach(parent.with(span));
        routing.addEndHandler(done -> {
            int status = routing.response().getStatusCode();
            String route = AccessLog.routeOf(routing);
            if (route != null) {
                span.updateName(request.method().name() + " " + route);
                span.setAttribute("http.route", route);
            }
            span.setAttribute("http.response.status_code", status);
            if (status >= 500) {
                span.setStatus(StatusCode.ERROR);
            }
            span.end();
        });
        routing.next();
    }
}
