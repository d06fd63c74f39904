package io.floatchat.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.ErrorResponse;
import io.floatchat.common.error.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The envelope for what is answered below the REST layer: a path no resource claims, a body over
 * the size limit (also one a body reader failed with 413 while it streamed in).
 */
@ApplicationScoped
public class RouterErrorResponses {

    private static final int FAILURES_FIRST = -10_000;
    private static final long LINGER_BYTES = 2L * 1024 * 1024;
    private static final long LINGER_MILLIS = 5_000;

    private final ObjectMapper objectMapper;

    public RouterErrorResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    void register(@Observes Router router) {
        router.route().last().handler(context -> respond(context, ErrorCode.NOT_FOUND, "No such route."));
        // before Quarkus' own failure handler, which answers a bare status
        router.route().order(FAILURES_FIRST).failureHandler(context -> {
            if (context.failure() == null && context.statusCode() == 413) {
                respondAndClose(context, ErrorCode.PAYLOAD_TOO_LARGE, "The request body is larger than this route accepts.");
                return;
            }
            context.next();
        });
    }

    /**
     * Answers, and closes the connection once the refused request's rest is past a bound. Up to
     * {@value #LINGER_BYTES} more bytes (or {@value #LINGER_MILLIS} ms) of its body are read and
     * dropped first: a client still writing a body it declared would otherwise meet a broken pipe
     * and never read the answer; past that, the connection goes, so no body is drained for ever.
     */
    public void respondAndClose(RoutingContext context, ErrorCode code, String details) {
        HttpServerRequest request = context.request();
        context.response().putHeader(HttpHeaders.CONNECTION, "close");
        if (!request.isEnded()) {
            long[] dropped = {0};
            long timer = context.vertx().setTimer(LINGER_MILLIS, fired -> close(request));
            request.handler(chunk -> {
                dropped[0] += chunk.length();
                if (dropped[0] > LINGER_BYTES) {
                    context.vertx().cancelTimer(timer);
                    close(request);
                }
            });
            request.endHandler(ended -> context.vertx().cancelTimer(timer));
            request.exceptionHandler(failure -> context.vertx().cancelTimer(timer));
            request.resume();
        }
        respond(context, code, details);
    }

    private static void close(HttpServerRequest request) {
        if (request.connection() != null) {
            request.connection().close();
        }
    }

    public void respond(RoutingContext context, ErrorCode code, String details) {
        if (context.response().headWritten()) {
            context.response().end();
            return;
        }
        ErrorResponse error = ErrorResponse.of(code, details, context.request().getHeader(RequestIds.HEADER));
        try {
            context.response()
                    .setStatusCode(code.httpStatus())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(objectMapper.writeValueAsString(error));
        } catch (JsonProcessingException e) {
            context.response().setStatusCode(code.httpStatus()).end();
        }
    }
}
