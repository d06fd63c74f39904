package io.floatchat.common.http;

import io.floatchat.common.error.ErrorCode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;

/**
 * The request line and header limits, answered in the envelope (414, 431). The HTTP server's own
 * limits ({@code quarkus.http.limits.max-initial-line-length}, {@code max-header-size}) are set higher:
 * Vert.x answers a request beyond them before any route runs, with an empty body, and offers Quarkus
 * applications no hook to change that — so the limits clients meet are these, and only a request
 * past the server's higher ceiling still gets the bare answer.
 */
@ApplicationScoped
public class RequestLimitsFilter {

    /** After {@link RequestIdFilter} and {@link PathHygieneFilter}. */
    private static final int PRIORITY = 980;
    /** {@code " HTTP/1.1"} after the method and the URI. */
    private static final int VERSION_AND_SPACES = 10;

    private final int maxRequestLine;
    private final int maxHeaderBytes;
    private final RouterErrorResponses errors;

    public RequestLimitsFilter(HttpLimitsConfig config, RouterErrorResponses errors) {
        this.maxRequestLine = config.maxRequestLineLength();
        this.maxHeaderBytes = config.maxHeaderBytes();
        this.errors = errors;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            HttpServerRequest request = context.request();
            if (request.method().name().length() + request.uri().length() + VERSION_AND_SPACES > maxRequestLine) {
                errors.respondAndClose(context, ErrorCode.URI_TOO_LONG,
                        "The request line is longer than the " + maxRequestLine + " bytes this service accepts.");
                return;
            }
            long headerBytes = 0;
            for (Map.Entry<String, String> header : request.headers()) {
                headerBytes += header.getKey().length() + header.getValue().length() + 4;
            }
            if (headerBytes > maxHeaderBytes) {
                errors.respondAndClose(context, ErrorCode.HEADERS_TOO_LARGE,
                        "The request headers are larger than the " + maxHeaderBytes + " bytes this service accepts.");
                return;
            }
            context.next();
        }, PRIORITY);
    }
}
