package io.floatchat.common.api;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;

/**
 * {@code page_number} and {@code page_size} as FloatChat reads them: blank means the default; a page
 * number that is not an integer >= 1 is 1004, a page size outside 1..1000 is 1005.
 */
public record PageRequest(int pageNumber, int pageSize) {

    public static final int MAX_PAGE_SIZE = 1000;

    public static PageRequest of(String pageNumber, String pageSize, int defaultPageSize) {
        int number = parse(pageNumber, 1, 1, Integer.MAX_VALUE, ErrorCode.INVALID_PAGE_NUMBER,
                "page_number must be an integer of at least 1.");
        int size = parse(pageSize, defaultPageSize, 1, MAX_PAGE_SIZE, ErrorCode.INVALID_PAGE_SIZE,
                "page_size must be an integer from 1 to " + MAX_PAGE_SIZE + ".");
        return new PageRequest(number, size);
    }

    public long offset() {
        return (long) (pageNumber - 1) * pageSize;
    }

    private static int parse(String value, int fallback, int min, int max, ErrorCode error, String sentence) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            long parsed = Long.parseLong(value.trim());
            if (parsed >= min && parsed <= max) {
                return (int) parsed;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new ApiException(error, sentence);
    }
}
