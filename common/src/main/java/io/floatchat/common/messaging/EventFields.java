package io.floatchat.common.messaging;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.api.InputBounds;


/** Reading fields of an event from outside the service: every problem is an {@link InvalidEventException}. */
public final class EventFields {

    private EventFields() {
    }

    public static JsonNode parse(ObjectMapper objectMapper, String json) {
        if (json == null) {
            throw new InvalidEventException("empty record");
        }
        try {
            JsonNode event = objectMapper.readTree(json);
            if (event == null || !event.isObject()) {
                throw new InvalidEventException("not a JSON object");
            }
            return event;
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("not JSON: " + e.getOriginalMessage());
        }
    }

    public static String requiredText(JsonNode event, String field, int maxLength) {
        String value = optionalText(event, field, maxLength);
        if (value == null || value.isBlank()) {
            throw new InvalidEventException(field + " is required");
        }
        return value;
    }

    public static String optionalText(JsonNode event, String field, int maxLength) {
        JsonNode value = event.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual() || value.asText().length() > maxLength) {
            throw new InvalidEventException(field + " must be a string of at most " + maxLength + " characters");
        }
        return value.asText();
    }

    public static long requiredLong(JsonNode event, String field) {
        JsonNode value = event.get(field);
        if (value != null && value.canConvertToLong() && value.isIntegralNumber()) {
            return value.asLong();
        }
        if (value != null && value.isTextual() && value.asText().matches("\\d{1,18}")) {
            return Long.parseLong(value.asText());
        }
        throw new InvalidEventException(field + " must be an integer");
    }

    /**
     * A time the producer states and no consumer relies on ({@code occurredAt}): its integer, or 0 when
     * it is absent or not one — producers outside the platform send ISO strings or fractions too, and
     * an event is never refused for it.
     */
    public static long statedTime(JsonNode event, String field) {
        JsonNode value = event.get(field);
        return value != null && value.isIntegralNumber() && value.canConvertToLong() ? value.asLong() : 0;
    }

    /**
     * A message's {@code timestamp} (UTC ms), refused when it is further ahead of the platform's
     * clock than {@link InputBounds#FUTURE_TIMESTAMP_TOLERANCE}: no producer can open a messaging
     * window for ever.
     */
    public static long messageTime(JsonNode event) {
        long timestamp = requiredLong(event, "timestamp");
        if (InputBounds.isTooFarAhead(timestamp, System.currentTimeMillis())) {
            throw new InvalidEventException("timestamp is more than " + InputBounds.FUTURE_TIMESTAMP_TOLERANCE.toMinutes()
                    + " minutes ahead of the platform's clock");
        }
        return timestamp;
    }

    public static String userId(JsonNode event) {
        String userId = requiredText(event, "userId", 128);
        if (!ChannelUserIds.isValid(userId)) {
            throw new InvalidEventException("userId has characters a channel user id cannot have");
        }
        return userId;
    }
}
