package io.floatchat.common.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class OutgoingMessagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text.replace('\'', '"'));
    }

    @Test
    void textInteractiveAndTemplateMessagesWithinTheirBoundsCanBeSent() throws Exception {
        assertThat(OutgoingMessages.problem(json("{'type':'text','text':'Hello'}"))).isNull();
        assertThat(OutgoingMessages.problem(JSON.createObjectNode().put("type", "text").put("text", "x".repeat(4_096)))).isNull();
        assertThat(OutgoingMessages.problem(json("{'type':'interactive','interactive':{'type':'button','body':{'text':'Pick'},"
                + "'action':{'buttons':[{},{},{}]}}}"))).isNull();
        assertThat(OutgoingMessages.problem(json("{'type':'interactive','interactive':{'type':'list','body':{'text':'Pick'},"
                + "'action':{'sections':[{'rows':[{},{}]},{'rows':[{}]}]}}}"))).isNull();
        assertThat(OutgoingMessages.problem(json("{'type':'template','template':{'name':'welcome','language':{'code':'en'},"
                + "'components':[]}}"))).isNull();
        assertThat(OutgoingMessages.problem(json("{'type':'template','template':{'name':'welcome','language':'en'}}"))).isNull();
    }

    @Test
    void eachBoundIsNamedInTheProblem() throws Exception {
        assertThat(OutgoingMessages.problem(null)).startsWith("message is required");
        assertThat(OutgoingMessages.problem(json("'hello'"))).startsWith("message is required");
        assertThat(OutgoingMessages.problem(json("{'type':'fax'}"))).isEqualTo("message.type must be text, interactive or template.");
        assertThat(OutgoingMessages.problem(json("{'type':'text','text':'  '}"))).isEqualTo("message.text must be 1 to 4096 characters.");
        assertThat(OutgoingMessages.problem(JSON.createObjectNode().put("type", "text").put("text", "x".repeat(4_097))))
                .isEqualTo("message.text must be 1 to 4096 characters.");
        assertThat(OutgoingMessages.problem(JSON.createObjectNode().put("type", "text").put("text", "x")
                .put("padding", "p".repeat(InputBounds.MESSAGE_JSON_BYTES)))).matches("message is \\d+ bytes as JSON; at most 65536 \\(64 KB\\)\\.");
        assertThat(OutgoingMessages.problem(json("{'type':'interactive','interactive':{'type':'button','body':{'text':'Pick'},"
                + "'action':{'buttons':[{},{},{},{}]}}}"))).isEqualTo("An interactive button message has 1 to 3 buttons.");
        assertThat(OutgoingMessages.problem(json("{'type':'interactive','interactive':{'type':'list','body':{'text':'Pick'},"
                + "'action':{'sections':[]}}}"))).isEqualTo("An interactive list message has 1 to 10 rows.");
        assertThat(OutgoingMessages.problem(json("{'type':'interactive','interactive':{'type':'button',"
                + "'action':{'buttons':[{}]}}}"))).isEqualTo("message.interactive.body.text is required.");
        assertThat(OutgoingMessages.problem(json("{'type':'interactive','interactive':{'type':'carousel'}}")))
                .isEqualTo("message.interactive.type must be button or list.");
        assertThat(OutgoingMessages.problem(JSON.createObjectNode().put("type", "template").set("template",
                JSON.createObjectNode().put("name", "n".repeat(513)).put("language", "en"))))
                .isEqualTo("message.template.name is required, at most 512 characters.");
        assertThat(OutgoingMessages.problem(json("{'type':'template','template':{'name':'welcome','language':{}}}")))
                .isEqualTo("message.template.language.code is required.");
        assertThat(OutgoingMessages.problem(json("{'type':'template','template':{'name':'welcome','language':'en','components':{}}}")))
                .isEqualTo("message.template.components must be an array.");
    }

    @Test
    void validateRaisesTheProblemAs1001() throws Exception {
        JsonNode sendable = json("{'type':'text','text':'Hello'}");
        assertThat(OutgoingMessages.validate(sendable)).isSameAs(sendable);
        assertThatThrownBy(() -> OutgoingMessages.validate(json("{'type':'fax'}")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_REQUEST);
                    assertThat(e.details()).isEqualTo("message.type must be text, interactive or template.");
                });
    }

    @Test
    void onlyTemplatesReachUsersOutsideTheCustomerServiceWindow() throws Exception {
        assertThat(OutgoingMessages.isFreeForm(json("{'type':'text','text':'Hello'}"))).isTrue();
        assertThat(OutgoingMessages.isFreeForm(json("{'type':'interactive'}"))).isTrue();
        assertThat(OutgoingMessages.isFreeForm(json("{'type':'template'}"))).isFalse();
    }
}
