package io.floatchat.broadcast.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.broadcast.service.BroadcastRefused.Rule;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/** {@code scheduledAt}: UTC milliseconds or ISO-8601; absent or in the past means now. */
public final class ScheduleTime {

    private ScheduleTime() {
    }

    public static long of(JsonNode scheduledAt, long now) {
        if (scheduledAt == null || scheduledAt.isNull() || scheduledAt.isMissingNode()) {
            return now;
        }
        long at;
        if (scheduledAt.isIntegralNumber() && scheduledAt.asLong() >= 0) {
            at = scheduledAt.asLong();
        } else if (scheduledAt.isTextual()) {
            at = parse(scheduledAt.asText());
        } else {
            throw new BroadcastRefused(Rule.SCHEDULE, "scheduledAt must be UTC milliseconds or an ISO-8601 date-time.");
        }
        return Math.max(at, now);
    }

    private static long parse(String text) {
        try {
            return OffsetDateTime.parse(text).toInstant().toEpochMilli();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(text).toEpochMilli();
            } catch (DateTimeParseException e) {
                throw new BroadcastRefused(Rule.SCHEDULE, "scheduledAt '" + (text.length() > 40 ? text.substring(0, 40) : text)
                        + "' is not UTC milliseconds or an ISO-8601 date-time such as 2027-01-01T09:00:00+05:30.");
            }
        }
    }
}
