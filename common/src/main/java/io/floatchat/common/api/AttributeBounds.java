package io.floatchat.common.api;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Iterator;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A user's attributes as every front door accepts them — a trigger's body or event, a flow's
 * set_attributes step, a users-service change: at most {@value #MAX_ATTRIBUTES}, each named by 1 to
 * 100 letters, digits, {@code _ . -}, each a string, number or boolean of at most
 * {@value #MAX_VALUE_LENGTH} characters, or null (which removes it).
 */
public final class AttributeBounds {

    public static final int MAX_ATTRIBUTES = 200;
    public static final int MAX_VALUE_LENGTH = 1_000;
    /** An attribute's name as a regular expression. */
    public static final String NAME_PATTERN = "[A-Za-z0-9_.-]{1,100}";

    private static final Pattern NAME = Pattern.compile(NAME_PATTERN);
    private static final int QUOTED_NAME_LENGTH = 40;

    private AttributeBounds() {
    }

    public static boolean isValidName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    /** A string, number or boolean of at most {@value #MAX_VALUE_LENGTH} characters, or null. */
    public static boolean isValidValue(JsonNode value) {
        return value == null || value.isNull()
                || (value.isTextual() || value.isNumber() || value.isBoolean()) && value.asText().length() <= MAX_VALUE_LENGTH;
    }

    /**
     * What is wrong with these attributes, in words a client can act on (without a final full stop),
     * or null when nothing is: the caller raises it as its own error (1001 over REST, a dead letter
     * over Kafka).
     */
    public static String problem(JsonNode attributes) {
        if (attributes == null || !attributes.isObject()) {
            return "attributes must be an object";
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            return "at most " + MAX_ATTRIBUTES + " attributes";
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            if (!isValidName(attribute.getKey())) {
                return "attribute name '" + quoted(attribute.getKey()) + "' must be 1 to 100 characters of letters, digits, "
                        + "'_', '.' or '-'";
            }
            if (!isValidValue(attribute.getValue())) {
                return "attribute '" + attribute.getKey() + "' must be a string, number or boolean of at most "
                        + MAX_VALUE_LENGTH + " characters, or null";
            }
        }
        return null;
    }

    private static String quoted(String name) {
        return name.length() <= QUOTED_NAME_LENGTH ? name : name.substring(0, QUOTED_NAME_LENGTH) + "...";
    }
}
