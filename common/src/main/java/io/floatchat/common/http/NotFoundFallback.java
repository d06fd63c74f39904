package io.floatchat.common.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.ErrorResponse;
import io.floatchat.common.error.ErrorCode;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/** Paths that no REST resource or management route claims still answer in the envelope. */
@ApplicationScoped
public class NotFoundFallback {

    private final ObjectMapper objectMapper;

    public NotFoundFallback(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    void register(@Observes Router router) {
        router.route().last().handler(this::notFound);
    }

    private void notFound(RoutingContext context) {
        ErrorResponse error = ErrorResponse.of(ErrorCode.NOT_FOUND, "No such route.",
                context.request().getHeader(RequestIds.HEADER));
        try {
            context.response()
                    .setStatusCode(ErrorCode.NOT_FOUND.httpStatus())
                    .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                    .end(objectMapper.writeValueAsString(error));
        } catch (JsonProcessingException e) {
            context.fail(e);
        }
    }
}
