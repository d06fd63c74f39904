package io.floatchat.users.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.error.ApiException;
import io.floatchat.users.AttributeChange;
import io.floatchat.users.AttributeValue;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AttributeRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void textFormsMatchTheOriginalApi() throws Exception {
        AttributeChange change = AttributeRules.change(attributes("{\"a\":1,\"b\":\"1\",\"c\":1.50,\"d\":true,\"e\":\"x\",\"f\":null}"));
        assertThat(change.removed()).containsExactly("f");
        assertThat(change.searchable()).containsEntry("a", new AttributeValue("1", new BigDecimal("1")))
                .containsEntry("b", new AttributeValue("1", new BigDecimal("1")))
                .containsEntry("d", new AttributeValue("true", null))
                .containsEntry("e", new AttributeValue("x", null));
        assertThat(change.searchable().get("c").text()).isEqualTo("1.5");
    }

    @Test
    void outOfBoundsIsInvalidRequest() throws Exception {
        for (String bad : new String[]{"{\"a b\":1}", "{\"\":1}", "{\"o\":{}}", "{\"l\":[1]}",
                "{\"v\":\"" + "x".repeat(1001) + "\"}"}) {
            assertThatThrownBy(() -> AttributeRules.change(attributes(bad))).as(bad).isInstanceOf(ApiException.class);
        }
    }

    private static Map<String, JsonNode> attributes(String json) throws Exception {
        return JSON.readValue(json, JSON.getTypeFactory().constructMapType(Map.class, String.class, JsonNode.class));
    }
}
