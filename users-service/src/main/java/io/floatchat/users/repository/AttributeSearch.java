package io.floatchat.users.repository;

import io.floatchat.users.AttributeOperator;
import io.floatchat.users.AttributeValue;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * The SQL condition of one attribute search, written so that every operator is an index scan on
 * {@code user_attribute}: the text index's leading 200 characters, the number index, or the
 * trigram index. Parameters $1..$3 are customer, bot and attribute name.
 *
 * @param condition the condition on {@code a} (user_attribute) joined to {@code u} (app_user)
 * @param parameters the values of $1, $2, ...
 */
public record AttributeSearch(String condition, List<Object> parameters) {

    /** Every code point is at most this: a prefix followed by it sorts after all its extensions. */
    private static final String LAST_CHARACTER = new String(Character.toChars(Character.MAX_CODE_POINT));
    private static final String TEXT = "left(a.value_text, 200) COLLATE \"C\"";

    public static AttributeSearch of(long customerId, String botKey, String name, AttributeOperator operator, String value) {
        List<Object> parameters = new ArrayList<>(List.of(customerId, botKey, name));
        StringBuilder condition = new StringBuilder(
                "u.customer_id = $1 AND a.bot_key = $2 AND a.name = $3");
        AttributeValue wanted = value == null ? null : AttributeValue.of(value);
        switch (operator) {
            case EXISTS -> {
            }
            case EQ -> condition.append(" AND (").append(equals(parameters, wanted)).append(')');
            case NE -> condition.append(" AND NOT (").append(equals(parameters, wanted)).append(')');
            case STARTS_WITH -> {
                String prefix = left200(value);
                condition.append(" AND ").append(TEXT).append(" >= ").append(bind(parameters, prefix))
                        .append(" AND ").append(TEXT).append(" < ").append(bind(parameters, prefix + LAST_CHARACTER))
                        .append(" AND a.value_text LIKE ").append(bind(parameters, escapeLike(value) + "%"));
            }
            case CONTAINS -> condition.append(" AND a.value_text LIKE ")
                    .append(bind(parameters, "%" + escapeLike(value) + "%"));
            case GT, GTE, LT, LTE -> {
                String comparison = switch (operator) {
                    case GT -> " > ";
                    case GTE -> " >= ";
                    case LT -> " < ";
                    default -> " <= ";
                };
                if (wanted.number() != null) {
                    condition.append(" AND a.value_num IS NOT NULL AND a.value_num").append(comparison)
                            .append(bind(parameters, wanted.number())).append("::text::numeric");
                } else {
                    // the indexed 200-character prefix bounds the range (truncating keeps the order),
                    // the whole value decides
                    String bound = operator == AttributeOperator.GT || operator == AttributeOperator.GTE ? " >= " : " <= ";
                    condition.append(" AND ").append(TEXT).append(bound).append(bind(parameters, left200(value)))
                            .append(" AND a.value_text COLLATE \"C\"").append(comparison).append(bind(parameters, value));
                }
            }
            default -> throw new IllegalArgumentException(operator.name());
        }
        return new AttributeSearch(condition.toString(), List.copyOf(parameters));
    }

    /** The text forms are equal, or both read as the same number (so 1, 1.0 and "1" match). */
    private static String equals(List<Object> parameters, AttributeValue wanted) {
        String text = TEXT + " = " + bind(parameters, left200(wanted.text())) + " AND a.value_text = "
                + bind(parameters, wanted.text());
        if (wanted.number() == null) {
            return text;
        }
        return "(" + text + ") OR (a.value_num IS NOT NULL AND a.value_num = " + bind(parameters, wanted.number()) + "::text::numeric)";
    }

    private static String bind(List<Object> parameters, Object value) {
        // numbers go as text and are cast in SQL: the client does not encode a String as numeric
        parameters.add(value instanceof BigDecimal number ? number.toPlainString() : value);
        return "$" + parameters.size();
    }

    private static String left200(String value) {
        return value.codePointCount(0, value.length()) <= 200 ? value : value.substring(0, value.offsetByCodePoints(0, 200));
    }

    static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
