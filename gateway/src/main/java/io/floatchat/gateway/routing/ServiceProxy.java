package io.floatchat.gateway.routing;

import io.floatchat.common.error.ErrorCode;
import io.floatchat.common.http.RouterErrorResponses;
import io.floatchat.common.http.StreamedBodyLimitFilter;
import io.floatchat.common.security.JwtClaims;
import io.floatchat.common.tracing.TraceContexts;
import io.floatchat.gateway.config.GatewayConfig;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.net.URI;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Forwards a request to its service with the Vert.x HTTP client: the body streams through, method,
 * path, query and status pass untouched; the client's credentials are replaced by the gateway's JWT.
 */
@ApplicationScoped
public class ServiceProxy {

    private static final Logger LOG = Logger.getLogger(ServiceProxy.class);
    /** RFC 9110 hop-by-hop headers, plus what the gateway sets itself. */
    private static final Set<String> NOT_FORWARDED = ignoringCase("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "host", "authorization",
            JwtClaims.USERS_TOKEN_HEADER);
    private static final Set<String> NOT_RETURNED = ignoringCase("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "te", "trailer", "transfer-encoding", "upgrade", "x-request-id",
            "ratelimit-limit", "ratelimit-remaining", "ratelimit-reset");

    /**
     * A client per event loop. A pooled connection belongs to the event loop that opened it, and a
     * request from another loop would hand its write to that loop and get its response handed back:
     * on a saturated gateway those hand-offs ran 21 % of its CPU (async-profiler, bench/gateway). A
     * loop's own client only ever opens connections on that loop.
     */
    private final ThreadLocal<HttpClient> clients;
    private final Map<Upstream, URI> targets = new EnumMap<>(Upstream.class);
    private final long requestTimeoutMillis;
    private final RouterErrorResponses errors;

    private final TraceContexts traceContexts;

    public ServiceProxy(Vertx vertx, GatewayConfig config, RouterErrorResponses errors, TraceContexts traceContexts) {
        this.errors = errors;
        this.traceContexts = traceContexts;
        this.requestTimeoutMillis = config.proxy().requestTimeout().toMillis();
        HttpClientOptions options = new HttpClientOptions()
                .setKeepAlive(true)
                .setMaxPoolSize(config.proxy().maxConnectionsPerService())
                .setConnectTimeout((int) config.proxy().connectTimeout().toMillis())
                .setDecompressionSupported(false);
        this.clients = ThreadLocal.withInitial(() -> vertx.createHttpClient(options));
        targets.put(Upstream.USERS, URI.create(config.upstream().users()));
        targets.put(Upstream.CONVERSATIONS, URI.create(config.upstream().conversations()));
        targets.put(Upstream.BROADCAST, URI.create(config.upstream().broadcast()));
        targets.put(Upstream.TRIGGER, URI.create(config.upstream().trigger()));
    }

    /**
     * Forwards the (paused) request; {@code bearer} is the JWT, or null for routes without an API key.
     * Called on the request's event loop (a route handler), whose own client it uses. A body of declared
     * length (already checked against {@code maxBody}) streams through as it is; one without a declared
     * length is counted as it passes and cut off with 413 in the envelope past {@code maxBody}.
     */
    public void forward(RoutingContext context, Upstream upstream, String bearer, String usersToken, long maxBody) {
        HttpServerRequest request = context.request();
        URI target = targets.get(upstream);
        RequestOptions options = new RequestOptions()
                .setMethod(request.method())
                .setHost(target.getHost())
                .setPort(target.getPort() > 0 ? target.getPort() : "https".equals(target.getScheme()) ? 443 : 80)
                .setSsl("https".equals(target.getScheme()))
                .setURI(request.uri())
                .setIdleTimeout(requestTimeoutMillis);
        // any body without a declared length is counted here, multipart uploads too
        if (!StreamedBodyLimitFilter.hasUndeclaredLength(request)) {
            clients.get().request(options)
                    .compose(outgoing -> {
                        forwardHeaders(request, bearer, usersToken, outgoing.headers());
                        return outgoing.send(request);
                    })
                    .onSuccess(response -> relay(response, context.response()))
                    .onFailure(failure -> unavailable(context, upstream, failure));
            return;
        }
        clients.get().request(options)
                .onSuccess(outgoing -> pipeCounted(context, upstream, bearer, usersToken, outgoing, maxBody))
                .onFailure(failure -> unavailable(context, upstream, failure));
    }

    /**
     * A streamed body written on as it arrives, with back-pressure, and counted: past {@code maxBody}
     * the upstream request is reset (the service never sees a body over its limit) and the client gets
     * 413; a client that breaks off mid-body resets it too, rather than ending a truncated request.
     */
    private void pipeCounted(RoutingContext context, Upstream upstream, String bearer, String usersToken,
                             HttpClientRequest outgoing, long maxBody) {
        HttpServerRequest request = context.request();
        forwardHeaders(request, bearer, usersToken, outgoing.headers());
        outgoing.setChunked(true);
        boolean[] aborted = {false};
        outgoing.response()
                .onSuccess(response -> {
                    if (!aborted[0]) {
                        relay(response, context.response());
                    }
                })
                .onFailure(failure -> {
                    if (!aborted[0]) {
                        unavailable(context, upstream, failure);
                    }
                });
        request.exceptionHandler(failure -> {
            aborted[0] = true;
            outgoing.reset(0, failure);
        });
        request.handler(chunk -> {
            if (aborted[0]) {
                return;
            }
            if (request.bytesRead() > maxBody) {
                aborted[0] = true;
                outgoing.reset();
                errors.respondAndClose(context, ErrorCode.PAYLOAD_TOO_LARGE,
                        "The request body is larger than this route accepts (" + maxBody + " bytes).");
                return;
            }
            outgoing.write(chunk);
            if (outgoing.writeQueueFull()) {
                request.pause();
                outgoing.drainHandler(drained -> request.resume());
            }
        });
        request.endHandler(ended -> {
            if (!aborted[0]) {
                outgoing.end();
            }
        });
        request.resume();
    }

    /** Into the outgoing request's own headers: one copy, not two. */
    private void forwardHeaders(HttpServerRequest request, String bearer, String usersToken, MultiMap headers) {
        request.headers().forEach(header -> {
            if (!NOT_FORWARDED.contains(header.getKey())) {
                headers.add(header.getKey(), header.getValue());
            }
        });
        if (bearer != null) {
            headers.set(HttpHeaders.AUTHORIZATION, "Bearer " + bearer);
        }
        if (usersToken != null) {
            // for a route whose service reads users on the caller's behalf; a client's own value was not copied
            headers.set(JwtClaims.USERS_TOKEN_HEADER, usersToken);
        }
        String client = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        String forwardedFor = request.getHeader("X-Forwarded-For");
        headers.set("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client);
        headers.set("X-Forwarded-Proto", request.scheme() == null ? "http" : request.scheme());
        if (request.authority() != null) {
            headers.set("X-Forwarded-Host", request.authority().toString());
        }
        // the service's spans are children of the gateway's
        traceContexts.injectCurrent(headers);
    }

    private static void relay(HttpClientResponse upstream, HttpServerResponse response) {
        response.setStatusCode(upstream.statusCode());
        upstream.headers().forEach(header -> {
            if (!NOT_RETURNED.contains(header.getKey())) {
                response.headers().add(header.getKey(), header.getValue());
            }
        });
        if (!response.headers().contains(HttpHeaders.CONTENT_LENGTH)) {
            response.setChunked(true);
        }
        upstream.pipeTo(response);
    }

    private void unavailable(RoutingContext context, Upstream upstream, Throwable failure) {
        LOG.warnf("request %s: %s unreachable: %s", context.request().getHeader("X-Request-Id"), upstream,
                failure.getMessage());
        if (context.response().headWritten()) {
            context.response().reset();
            return;
        }
        errors.respond(context, ErrorCode.UNAVAILABLE, "The service behind this route is unavailable; try again shortly.");
    }

    /** Header names compared without a lower-cased copy of each one. */
    private static Set<String> ignoringCase(String... names) {
        Set<String> set = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
        set.addAll(List.of(names));
        return set;
    }
}
