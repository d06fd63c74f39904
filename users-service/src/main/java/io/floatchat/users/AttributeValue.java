package io.floatchat.users;

import com.fasterxml.jackson.databind.JsonNode;

import java.math.BigDecimal;

/**
 * An attribute value as the search sees it: its text form (what the original API compares, so
 * {@code 1} and {@code "1"} match alike) and, when it reads as a number, that number.
 */
public record AttributeValue(String text, BigDecimal number) {

    /** The text form of a stored JSON value and its number, if it reads as one. */
    public static AttributeValue of(JsonNode value) {
        if (value.isNumber()) {
            return new AttributeValue(canonical(value.decimalValue()), value.decimalValue());
        }
        return of(value.asText());
    }

    public static AttributeValue of(String text) {
        return new AttributeValue(text, numberOrNull(text));
    }

    static BigDecimal numberOrNull(String text) {
        if (text == null || text.isEmpty() || text.length() > 100) {
            return null;
        }
        char first = text.charAt(0);
        if (!(Character.isDigit(first) || first == '-' || first == '+' || first == '.')) {
            return null;
        }
        try {
            return new BigDecimal(text.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The canonical text of a number: {@code 1.50} reads {@code 1.5}, {@code 2.0} reads {@code 2}. */
    public static String canonical(BigDecimal number) {
        BigDecimal stripped = number.stripTrailingZeros();
        return stripped.scale() < 0 ? stripped.setScale(0).toPlainString() : stripped.toPlainString();
    }
}
