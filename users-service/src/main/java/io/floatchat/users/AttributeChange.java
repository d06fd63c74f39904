package io.floatchat.users;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** A validated change: attributes to set (JSON values as given) and names to remove (given as null). */
public record AttributeChange(ObjectNode set, Set<String> removed) {

    public Map<String, AttributeValue> searchable() {
        Map<String, AttributeValue> values = new LinkedHashMap<>();
        set.fields().forEachRemaining(field -> values.put(field.getKey(), AttributeValue.of(field.getValue())));
        return values;
    }

    public boolean isEmpty() {
        return set.isEmpty() && removed.isEmpty();
    }

    public static boolean isRemoval(JsonNode value) {
        return value == null || value.isNull();
    }
}
