package io.floatchat.common.error;

/**
 * The one exception type of the platform: it carries the {@link ErrorCode} to answer with and a
 * sentence for the client. It is expected control flow, so it records no stack trace.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode errorCode;

    public ApiException(ErrorCode errorCode, String details) {
        super(details, null, false, false);
        this.errorCode = errorCode;
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

    public static ApiException conflict(String details) {
        return new ApiException(ErrorCode.CONFLICT, details);
    }
}
