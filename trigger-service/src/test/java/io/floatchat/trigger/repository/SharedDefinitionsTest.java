package io.floatchat.trigger.repository;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SharedDefinitionsTest {

    private final SharedDefinitions definitions = new SharedDefinitions(new ObjectMapper());

    @Test
    void runsOfOneFlowShareOneParsedDefinition() {
        String flow = "{\"trigger\":{\"type\":\"api\"},\"steps\":[{\"action\":\"call_webhook\",\"url\":\"https://example.com/x\"}]}";

        var first = definitions.parse(flow);

        assertThat(definitions.parse(new String(flow.toCharArray()))).as("the same text read again from another row").isSameAs(first);
        assertThat(first.path("steps").get(0).path("url").asText()).isEqualTo("https://example.com/x");
        assertThat(definitions.parse(flow.replace("/x", "/y"))).as("another flow's text").isNotSameAs(first);
    }

    @Test
    void aTextThatIsNotJsonIsRefusedLoudly() {
        assertThatThrownBy(() -> definitions.parse("{not json")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("not JSON");
    }
}
