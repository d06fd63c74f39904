package io.floatchat.common.error;

/**
 * The error table of the public API: every error the platform answers with is one of these.
 * {@code code} is the number clients branch on, {@code desc} its stable name.
 */
public enum ErrorCode {
    INVALID_REQUEST(400, 1001),
    INVALID_BOT_OR_CUSTOMER_ID(400, 1002),
    INVALID_INPUT_DATE_VALUE(400, 1003),
    INVALID_PAGE_NUMBER(400, 1004),
    INVALID_PAGE_SIZE(400, 1005),
    UNAUTHORIZED(401, 401),
    FORBIDDEN(403, 403),
    NOT_FOUND(404, 404),
    // what the HTTP server raises itself, in the same envelope
    METHOD_NOT_ALLOWED(405, 405),
    CONFLICT(409, 1006),
    PAYLOAD_TOO_LARGE(413, 413),
    URI_TOO_LONG(414, 414),
    RATE_LIMITED(429, 429),
    HEADERS_TOO_LARGE(431, 431),
    FAILURE(500, 2000),
    UNAVAILABLE(503, 503),

    // The External Broadcast API's own codes, kept from the original.
    BOT_NOT_FOUND(400, 2003),
    API_KEY_NOT_FOUND(400, 2004),
    INVALID_FILE_FORMAT(400, 2005),
    FILE_UPLOAD_FAILED(400, 2006);

    private final int httpStatus;
    private final int code;

    ErrorCode(int httpStatus, int code) {
        this.httpStatus = httpStatus;
        this.code = code;
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int code() {
        return code;
    }

    public String desc() {
        return name();
    }

    /** The code a bare HTTP status stands for, when a framework rejected the request before our code ran. */
    public static ErrorCode forHttpStatus(int status) {
        return switch (status) {
            case 400, 406, 415 -> INVALID_REQUEST;
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 414 -> URI_TOO_LONG;
            case 429 -> RATE_LIMITED;
            case 431 -> HEADERS_TOO_LARGE;
            case 502, 503, 504 -> UNAVAILABLE;
            default -> status >= 400 && status < 500 ? INVALID_REQUEST : FAILURE;
        };
    }
}
