package io.floatchat.common.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The success envelope: {@code {"status":{"code":1000,"desc":"SUCCESS"},"responseObject":...}}, in that order. */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
@JsonPropertyOrder({"status", "responseObject"})
public record ApiResponse<T>(Status status, T responseObject) {

    public static <T> ApiResponse<T> success(T responseObject) {
        return new ApiResponse<>(Status.SUCCESS, responseObject);
    }
}
