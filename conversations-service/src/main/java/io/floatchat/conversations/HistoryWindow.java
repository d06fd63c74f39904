package io.floatchat.conversations;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;

import java.util.regex.Pattern;

/**
 * {@code start_date} and {@code end_date} as FloatChat reads them: UTC milliseconds, both inclusive;
 * a blank start means all records, a blank end means now. Anything but a non-negative integer, or an
 * end not after the start, is 1003.
 */
public record HistoryWindow(long from, long to) {

    private static final Pattern MILLIS = Pattern.compile("[0-9]{1,18}");

    public static HistoryWindow of(String startDate, String endDate, long now) {
        Long start = parse(startDate, "start_date");
        Long end = parse(endDate, "end_date");
        if (start != null && end != null && end <= start) {
            throw new ApiException(ErrorCode.INVALID_INPUT_DATE_VALUE, "end_date must be after start_date.");
        }
        return new HistoryWindow(start == null ? 0 : start, end == null ? now : end);
    }

    private static Long parse(String value, String name) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!MILLIS.matcher(value.trim()).matches()) {
            throw new ApiException(ErrorCode.INVALID_INPUT_DATE_VALUE,
                    name + " must be a non-negative integer of UTC milliseconds.");
        }
        return Long.parseLong(value.trim());
    }
}
