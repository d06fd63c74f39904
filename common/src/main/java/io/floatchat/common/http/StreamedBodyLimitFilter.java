package io.floatchat.common.http;

import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;

/**
 * A body streamed without a declared length (chunked, or HTTP/2) is read up to
 * {@code quarkus.http.limits.max-body-size} before any handler sees it, and refused with 413 in the
 * envelope past it ({@link RouterErrorResponses} answers the failure). Without this the REST layer
 * checks the limit only once it has buffered several kilobytes, and answers with an empty body.
 * Multipart uploads are left to their own parser, which bounds them and answers in the envelope; paths
 * under {@code floatchat.http.streamed-body-passthrough} stream their bodies themselves (the gateway's
 * proxy counts them as they pass).
 */
@ApplicationScoped
public class StreamedBodyLimitFilter {

    /** After {@link BodySizeLimitFilter}, which refuses a declared length past the limit at once. */
    private static final int PRIORITY = 890;

    private final BodyHandler reader;
    private final List<String> passthrough;

    public StreamedBodyLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
                                   HttpLimitsConfig config) {
        this.reader = reader(limit.map(MemorySize::asLongValue).orElse(10L * 1024 * 1024));
        this.passthrough = config.streamedBodyPassthrough().orElse(List.of());
    }

    /** A reader of a whole body up to {@code limit} bytes, failing the request with 413 past it. */
    public static BodyHandler reader(long limit) {
        return BodyHandler.create(false).setBodyLimit(limit).setHandleFileUploads(false);
    }

    /** Whether the request has a body that arrives without a declared length (chunked, or HTTP/2). */
    public static boolean hasUndeclaredLength(HttpServerRequest request) {
        return request.getHeader(HttpHeaders.CONTENT_LENGTH) == null
                && (request.version() == HttpVersion.HTTP_2 || request.headers().contains(HttpHeaders.TRANSFER_ENCODING));
    }

    /** Whether the request has a body without a declared length that is not a multipart upload (whose parser bounds it). */
    public static boolean isStreamed(HttpServerRequest request) {
        String type = request.getHeader(HttpHeaders.CONTENT_TYPE);
        boolean multipart = type != null && type.regionMatches(true, 0, "multipart/", 0, "multipart/".length());
        return !multipart && hasUndeclaredLength(request);
    }

    void register(@Observes Filters filters) {
        filters.register(this::limit, PRIORITY);
    }

    private void limit(RoutingContext context) {
        HttpServerRequest request = context.request();
        if (isStreamed(request) && passthrough.stream().noneMatch(request.path()::startsWith)) {
            reader.handle(context);
            return;
        }
        context.next();
    }
}
