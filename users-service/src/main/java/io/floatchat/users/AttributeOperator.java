package io.floatchat.users;

import java.util.Locale;

/** The Users API's {@code operator} extension; {@code eq} is the original API's behaviour. */
public enum AttributeOperator {
    EQ, NE, CONTAINS, STARTS_WITH, GT, GTE, LT, LTE, EXISTS;

    /** The operator a query parameter names (blank: {@code eq}), or null when it names none. */
    public static AttributeOperator parse(String value) {
        if (value == null || value.isBlank()) {
            return EQ;
        }
        for (AttributeOperator operator : values()) {
            if (operator.name().equals(value.trim().toUpperCase(Locale.ROOT))) {
                return operator;
            }
        }
        return null;
    }

    public boolean needsValue() {
        return this != EXISTS;
    }
}
