package io.floatchat.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.propagation.TextMapGetter;
import io.opentelemetry.context.propagation.TextMapPropagator;
import io.smallrye.common.vertx.ContextLocals;
import io.smallrye.common.vertx.VertxContext;
import io.vertx.core.MultiMap;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.Map;

/**
 * The trace context of the work in progress, kept in the Vert.x (duplicated) context of a request so
 * that it follows the request across asynchronous steps, and its W3C {@code traceparent} form, which
 * is how it travels in HTTP headers and in outbox rows.
 */
@Singleton
public class TraceContexts {

    private static final String LOCAL_KEY = "floatchat.trace-context";
    private static final String TRACEPARENT = "traceparent";
    private static final TextMapGetter<Map<String, String>> MAP_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(Map<String, String> carrier) {
            return carrier.keySet();
        }

        @Override
        public String get(Map<String, String> carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private static final TextMapGetter<MultiMap> HEADER_GETTER = new TextMapGetter<>() {
        @Override
        public Iterable<String> keys(MultiMap carrier) {
            return carrier.names();
        }

        @Override
        public String get(MultiMap carrier, String key) {
            return carrier == null ? null : carrier.get(key);
        }
    };

    private final TextMapPropagator propagator;

    public TraceContexts(OpenTelemetry openTelemetry) {
        this.propagator = openTelemetry.getPropagators().getTextMapPropagator();
    }

    /** Makes {@code context} the current one for the rest of this request or record (no-op outside Vert.x). */
    public void attach(Context context) {
        if (onRequestContext()) {
            ContextLocals.put(LOCAL_KEY, context);
        }
    }

    /** The current request's trace context, or the root context. */
    public Context current() {
        if (!onRequestContext()) {
            return Context.current();
        }
        return ContextLocals.<Context>get(LOCAL_KEY).orElse(Context.root());
    }

    /** Context locals exist on duplicated contexts only (a request's, a record's), not on timers' root contexts. */
    private static boolean onRequestContext() {
        return VertxContext.isOnDuplicatedContext();
    }

    /** The current span as a W3C traceparent, or null when nothing is traced. */
    public String currentTraceparent() {
        Context context = current();
        if (!Span.fromContext(context).getSpanContext().isValid()) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /** The context a stored traceparent names (root when absent or malformed). */
    public Context fromTraceparent(String traceparent) {
        if (traceparent == null) {
            return Context.root();
        }
        return propagator.extract(Context.root(), Map.of(TRACEPARENT, traceparent), MAP_GETTER);
    }

    /** Extracts the caller's context from HTTP headers. */
    public Context fromHeaders(MultiMap headers) {
        return propagator.extract(Context.root(), headers, HEADER_GETTER);
    }

    /** Writes the current context into outgoing HTTP headers (replacing what the caller sent). */
    public void injectCurrent(MultiMap headers) {
        Context context = current();
        if (Span.fromContext(context).getSpanContext().isValid()) {
            headers.remove(TRACEPARENT).remove("tracestate");
            propagator.inject(context, headers, MultiMap::set);
        }
    }
}
