package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A step's {@code when}: {@code equals}, {@code not_equals}, {@code exists} or {@code in} on one of the
 * run's attributes, compared by text form (so {@code 1} equals {@code "1"}). No {@code when}: always.
 */
public final class StepConditions {

    private StepConditions() {
    }

    public static boolean holds(JsonNode when, JsonNode attributes) {
        if (when == null || when.isMissingNode() || when.isNull()) {
            return true;
        }
        JsonNode value = attributes.get(when.path("attribute").asText());
        boolean present = value != null && !value.isNull();
        if (when.has("exists")) {
            return present == when.path("exists").asBoolean();
        }
        if (when.has("equals")) {
            return present && value.asText().equals(when.path("equals").asText());
        }
        if (when.has("not_equals")) {
            return !present || !value.asText().equals(when.path("not_equals").asText());
        }
        if (when.has("in")) {
            if (!present) {
                return false;
            }
            for (JsonNode candidate : when.path("in")) {
                if (candidate.asText().equals(value.asText())) {
                    return true;
                }
            }
        }
        return false;
    }
}
