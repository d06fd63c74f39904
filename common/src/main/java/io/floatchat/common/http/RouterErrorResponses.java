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

/**
 * The envelope for what is answered below the REST layer: a path no resource claims, a body over
 * the size limit.
 */
@ApplicationScoped
public class RouterErrorResponses {

    private final ObjectMapper objectMapper;

    public RouterErrorResponses(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    void register(@Observes Router router) {
        router.route().last().handler(context -> respond(context, ErrorCode.NOT_FOUND, "No such route."));
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
