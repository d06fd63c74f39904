package io.floatchat.common.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import io.floatchat.common.api.ErrorResponse;
import io.floatchat.common.http.RequestIds;
import io.quarkus.security.AuthenticationCompletionException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import io.vertx.core.http.HttpServerRequest;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.Collectors;

/**
 * The one place where errors become HTTP responses, shared by every service: whatever went wrong,
 * the client gets the documented envelope, and never a class name, SQL or a stack trace.
 */
public class ErrorResponseMapper {

    private static final Logger LOG = Logger.getLogger(ErrorResponseMapper.class);

    @ServerExceptionMapper
    public Response apiException(ApiException exception, HttpServerRequest request) {
        Response.ResponseBuilder response = builder(exception.errorCode(), exception.details(), request);
        exception.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response constraintViolation(ConstraintViolationException exception, HttpServerRequest request) {
        String details = exception.getConstraintViolations().stream()
                .sorted(Comparator.comparing(violation -> violation.getPropertyPath().toString()))
                .map(ErrorResponseMapper::describe)
                .collect(Collectors.joining("; "));
        return respond(ErrorCode.INVALID_REQUEST, details.isEmpty() ? "Invalid request." : details, request);
    }

    // Listing the specific Jackson types outranks the framework's own mappers for them, which
    // answer with an empty body.
    @ServerExceptionMapper({JsonProcessingException.class, JsonParseException.class, JsonMappingException.class,
            MismatchedInputException.class, InvalidFormatException.class, ValueInstantiationException.class})
    public Response malformedJson(JsonProcessingException exception, HttpServerRequest request) {
        return respond(ErrorCode.INVALID_REQUEST, describe(exception), request);
    }

    @ServerExceptionMapper({UnauthorizedException.class, AuthenticationFailedException.class,
            AuthenticationCompletionException.class})
    public Response unauthorized(RuntimeException exception, HttpServerRequest request) {
        return respond(ErrorCode.UNAUTHORIZED, "Missing or invalid credentials.", request);
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException exception, HttpServerRequest request) {
        return respond(ErrorCode.FORBIDDEN, "This API key lacks the scope for this route.", request);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException exception, HttpServerRequest request) {
        if (exception.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, request);
        }
        int status = exception.getResponse().getStatus();
        ErrorCode code = ErrorCode.forHttpStatus(status);
        if (code == ErrorCode.FAILURE) {
            return unexpected(exception, request);
        }
        return respond(code, describe(code), request);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception, HttpServerRequest request) {
        // The stack trace and a driver's message can hold SQL and bound values: the class and the
        // start of the message are enough to find the request; DEBUG shows the rest when asked for.
        LOG.errorf("request %s failed: %s: %s", requestId(request), exception.getClass().getName(),
                loggable(exception.getMessage()));
        LOG.debug("unhandled exception", exception);
        return respond(ErrorCode.FAILURE, "The request could not be completed.", request);
    }

    public static Response respond(ErrorCode code, String details, HttpServerRequest request) {
        return builder(code, details, request).build();
    }

    private static Response.ResponseBuilder builder(ErrorCode code, String details, HttpServerRequest request) {
        return Response.status(code.httpStatus())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ErrorResponse.of(code, details, requestId(request)));
    }

    private static String requestId(HttpServerRequest request) {
        return request == null ? null : request.getHeader(RequestIds.HEADER);
    }

    private static String describe(ConstraintViolation<?> violation) {
        String path = violation.getPropertyPath().toString();
        // Parameter paths read "method.arg0.field": the client knows only the last part.
        String field = path.contains(".") ? path.substring(path.lastIndexOf('.') + 1) : path;
        return field.isEmpty() ? violation.getMessage() : field + ": " + violation.getMessage();
    }

    private static String describe(JsonProcessingException exception) {
        String field = exception instanceof JsonMappingException mapping ? fieldPath(mapping) : "";
        String prefix = field.isEmpty() ? "" : "Field '" + field + "': ";
        if (exception instanceof InvalidFormatException invalid && invalid.getTargetType() != null
                && invalid.getTargetType().isEnum()) {
            String accepted = Arrays.stream(invalid.getTargetType().getEnumConstants())
                    .map(Object::toString).collect(Collectors.joining(", "));
            return prefix + "'" + abbreviate(String.valueOf(invalid.getValue())) + "' is not one of: " + accepted + ".";
        }
        if (!field.isEmpty()) {
            return "Field '" + field + "' is missing or has an invalid value.";
        }
        return exception instanceof JsonParseException
                ? "The request body is not valid JSON." : "The request body does not have the expected shape.";
    }

    private static String fieldPath(JsonMappingException mapping) {
        return mapping.getPath().stream()
                .map(reference -> reference.getFieldName() != null
                        ? reference.getFieldName() : "[" + reference.getIndex() + "]")
                .collect(Collectors.joining("."))
                .replace(".[", "[");
    }

    private static String loggable(String message) {
        String printable = String.valueOf(message).replaceAll("[^\\p{Print}]", "?");
        return printable.length() <= 200 ? printable : printable.substring(0, 200) + "...";
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "...";
    }

    private static String describe(ErrorCode code) {
        return switch (code) {
            case NOT_FOUND -> "No such resource.";
            case METHOD_NOT_ALLOWED -> "This route does not take that method.";
            case UNAUTHORIZED -> "Missing or invalid credentials.";
            case FORBIDDEN -> "This API key lacks the scope for this route.";
            case PAYLOAD_TOO_LARGE -> "The request body is too large.";
            default -> "Invalid request.";
        };
    }
}
