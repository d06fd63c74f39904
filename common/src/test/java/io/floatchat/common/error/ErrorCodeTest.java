package io.floatchat.common.error;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCodeTest {

    @Test
    void tableMatchesTheApiContract() {
        assertThat(ErrorCode.INVALID_REQUEST.code()).isEqualTo(1001);
        assertThat(ErrorCode.INVALID_BOT_OR_CUSTOMER_ID.code()).isEqualTo(1002);
        assertThat(ErrorCode.INVALID_INPUT_DATE_VALUE.code()).isEqualTo(1003);
        assertThat(ErrorCode.INVALID_PAGE_NUMBER.code()).isEqualTo(1004);
        assertThat(ErrorCode.INVALID_PAGE_SIZE.code()).isEqualTo(1005);
        assertThat(ErrorCode.CONFLICT.code()).isEqualTo(1006);
        assertThat(ErrorCode.CONFLICT.httpStatus()).isEqualTo(409);
        assertThat(ErrorCode.FAILURE.code()).isEqualTo(2000);
        assertThat(ErrorCode.FAILURE.httpStatus()).isEqualTo(500);
        assertThat(ErrorCode.RATE_LIMITED.desc()).isEqualTo("RATE_LIMITED");
    }

    @Test
    void bareHttpStatusesMapToTheirCodes() {
        assertThat(ErrorCode.forHttpStatus(400)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ErrorCode.forHttpStatus(415)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ErrorCode.forHttpStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(ErrorCode.forHttpStatus(405)).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
        assertThat(ErrorCode.forHttpStatus(414)).isEqualTo(ErrorCode.URI_TOO_LONG);
        assertThat(ErrorCode.forHttpStatus(431)).isEqualTo(ErrorCode.HEADERS_TOO_LARGE);
        assertThat(ErrorCode.forHttpStatus(413)).isEqualTo(ErrorCode.PAYLOAD_TOO_LARGE);
        assertThat(ErrorCode.forHttpStatus(418)).isEqualTo(ErrorCode.INVALID_REQUEST);
        assertThat(ErrorCode.forHttpStatus(502)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(ErrorCode.forHttpStatus(500)).isEqualTo(ErrorCode.FAILURE);
    }
}
