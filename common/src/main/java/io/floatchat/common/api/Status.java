package io.floatchat.common.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.floatchat.common.error.ErrorCode;
import io.quarkus.runtime.annotations.RegisterForReflection;

/** The {@code status} object of every response: {@code {"code":1000,"desc":"SUCCESS"}}. */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"code", "desc", "details"})
public record Status(int code, String desc, String details) {

    public static final Status SUCCESS = new Status(1000, "SUCCESS", null);

    public static Status of(ErrorCode errorCode, String details) {
        return new Status(errorCode.code(), errorCode.desc(), details);
    }
}
