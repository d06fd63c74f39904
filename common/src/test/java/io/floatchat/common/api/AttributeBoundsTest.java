package io.floatchat.common.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AttributeBoundsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void stringsNumbersBooleansAndNullsUnderTheBoundsAreAttributes() throws Exception {
        JsonNode attributes = JSON.readTree("{\"plan\":\"gold\",\"visits\":12,\"score.v2\":1.5,\"vip\":true,\"old-tag\":null}");
        assertThat(AttributeBounds.problem(attributes)).isNull();
        assertThat(AttributeBounds.problem(JSON.createObjectNode().put("a", "x".repeat(1_000)))).isNull();
    }

    @Test
    void eachBoundIsNamedInTheProblem() throws Exception {
        assertThat(AttributeBounds.problem(JSON.readTree("[1]"))).isEqualTo("attributes must be an object");
        assertThat(AttributeBounds.problem(JSON.readTree("{\"has space\":1}"))).startsWith("attribute name 'has space'");
        assertThat(AttributeBounds.problem(JSON.createObjectNode().put("n".repeat(101), 1)))
                .startsWith("attribute name '" + "n".repeat(40) + "...'");
        assertThat(AttributeBounds.problem(JSON.readTree("{\"nested\":{\"a\":1}}"))).startsWith("attribute 'nested' must be");
        assertThat(AttributeBounds.problem(JSON.createObjectNode().put("long", "x".repeat(1_001))))
                .startsWith("attribute 'long' must be");
        ObjectNode many = JSON.createObjectNode();
        for (int i = 0; i <= AttributeBounds.MAX_ATTRIBUTES; i++) {
            many.put("a" + i, i);
        }
        assertThat(AttributeBounds.problem(many)).isEqualTo("at most 200 attributes");
    }
}
