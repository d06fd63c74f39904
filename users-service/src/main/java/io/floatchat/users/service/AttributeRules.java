package io.floatchat.users.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.AttributeBounds;
import io.floatchat.common.error.ApiException;
import io.floatchat.users.AttributeChange;
import io.floatchat.users.AttributeValue;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A change of a user's attributes and a search's projection, by the platform's bounds on attributes
 * ({@link AttributeBounds}); a number's length is measured in the canonical form searches compare.
 */
public final class AttributeRules {

    public static final int MAX_ATTRIBUTES = AttributeBounds.MAX_ATTRIBUTES;
    public static final int MAX_VALUE_LENGTH = AttributeBounds.MAX_VALUE_LENGTH;

    private AttributeRules() {
    }

    public static boolean isValidName(String name) {
        return AttributeBounds.isValidName(name);
    }

    /**
     * The {@code attributes} parameter of a search (an extension): the comma-separated attributes each
     * user found carries — none when empty, all when absent (null).
     */
    public static List<String> projection(String parameter) {
        if (parameter == null) {
            return null;
        }
        if (parameter.isBlank()) {
            return List.of();
        }
        List<String> names = List.of(parameter.split(",", -1));
        if (names.size() > MAX_ATTRIBUTES) {
            throw ApiException.invalidRequest("attributes may name at most " + MAX_ATTRIBUTES + " attributes.");
        }
        for (String name : names) {
            if (!isValidName(name)) {
                throw ApiException.invalidRequest("attributes must be comma-separated attribute names; '" + abbreviate(name)
                        + "' is not one.");
            }
        }
        return names.stream().distinct().toList();
    }

    /** The change these attributes ask for, or an {@link ApiException} 1001 naming what is wrong. */
    public static AttributeChange change(Map<String, JsonNode> attributes) {
        ObjectNode set = JsonNodeFactory.instance.objectNode();
        Set<String> removed = new LinkedHashSet<>();
        if (attributes == null) {
            return new AttributeChange(set, removed);
        }
        if (attributes.size() > MAX_ATTRIBUTES) {
            throw ApiException.invalidRequest("At most " + MAX_ATTRIBUTES + " attributes per user.");
        }
        attributes.forEach((name, value) -> {
            if (!isValidName(name)) {
                throw ApiException.invalidRequest("Attribute name '" + abbreviate(name)
                        + "' must be 1 to 100 characters of letters, digits, '_', '.' or '-'.");
            }
            if (AttributeChange.isRemoval(value)) {
                removed.add(name);
                return;
            }
            if (!(value.isTextual() || value.isNumber() || value.isBoolean())) {
                throw ApiException.invalidRequest("Attribute '" + name + "' must be a string, number, boolean or null.");
            }
            if (AttributeValue.of(value).text().length() > MAX_VALUE_LENGTH) {
                throw ApiException.invalidRequest("Attribute '" + name + "' is longer than " + MAX_VALUE_LENGTH + " characters.");
            }
            set.set(name, value);
        });
        return new AttributeChange(set, removed);
    }

    private static String abbreviate(String name) {
        return name == null ? "" : name.length() <= 40 ? name : name.substring(0, 40) + "...";
    }
}
