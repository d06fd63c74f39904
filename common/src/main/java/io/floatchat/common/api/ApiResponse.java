package io.floatchat.common.api;

/** The success envelope: {@code {"status":{"code":1000,"desc":"SUCCESS"},"responseObject":...}}. */
public record ApiResponse<T>(Status status, T responseObject) {

    public static <T> ApiResponse<T> success(T responseObject) {
        return new ApiResponse<>(Status.SUCCESS, responseObject);
    }
}
