package io.floatchat.common.api;

import io.quarkus.runtime.annotations.RegisterForReflection;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import io.floatchat.common.error.ErrorCode;

/** The error envelope: {@code {"status":{"code":..,"desc":..,"details":..},"requestId":".."}}. */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
@JsonPropertyOrder({"status", "requestId"})
public record ErrorResponse(Status status, String requestId) {

    public static ErrorResponse of(ErrorCode errorCode, String details, String requestId) {
        return new ErrorResponse(Status.of(errorCode, details), requestId);
    }
}
