package io.floatchat.common.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The one exception type of the platform: it carries the {@link ErrorCode} to answer with and a
 * sentence for the client. It is expected control flow, so it records no stack trace.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode errorCode;
    private final Map<String, String> headers;

    public ApiException(ErrorCode errorCode, String details) {
        this(errorCode, details, Map.of());
    }

    private ApiException(ErrorCode errorCode, String details, Map<String, String> headers) {
        super(details, null, false, false);
        this.errorCode = errorCode;
        this.headers = headers;
    }

    /** The same error with a response header, e.g. {@code WWW-Authenticate} or {@code Retry-After}. */
    public ApiException withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new ApiException(errorCode, getMessage(), Map.copyOf(more));
    }

    public Map<String, String> headers() {
        return headers;
    }

    public ErrorCode errorCode() {
        return errorCode;
    }

    public String details() {
        return getMessage();
    }

    public static ApiException invalidRequest(String details) {
        return new ApiException(ErrorCode.INVALID_REQUEST, details);
    }

    public static ApiException notFound(String details) {
        return new ApiException(ErrorCode.NOT_FOUND, details);
    }

    public static ApiException invalidBotOrCustomer() {
        return new ApiException(ErrorCode.INVALID_BOT_OR_CUSTOMER_ID, "Unknown customer id or bot key.");
    }

    public static ApiException forbidden() {
        return new ApiException(ErrorCode.FORBIDDEN, "This API key lacks the scope for this route.");
    }

    public static ApiException conflict(String details) {
        return new ApiException(ErrorCode.CONFLICT, details);
    }
}
