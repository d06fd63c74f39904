package io.floatchat.broadcast.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.floatchat.broadcast.Audience;
import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.BroadcastDraft;
import io.floatchat.broadcast.service.BroadcastRefused.Rule;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BroadcastRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long NOW = 1_800_000_000_000L;
    private static final JsonNode TEXT = JSON.createObjectNode().put("type", "text").put("text", "Hello");
    private static final JsonNode PERSONALISED = JSON.createObjectNode().put("type", "text").put("text", "Hi {{user.name}}");
    private static final Audience ONE_USER = new Audience.Listed(List.of("919800000001"));

    @Test
    void aDraftWithinEveryRuleIsSentAtItsTimeAndAPastTimeMeansNow() {
        assertThat(BroadcastRules.check(draft("sale", "whatsapp", ONE_USER, TEXT, null), NOW)).isEqualTo(NOW);
        assertThat(BroadcastRules.check(draft("sale", "sandbox", ONE_USER, TEXT, number(NOW + 60_000)), NOW))
                .isEqualTo(NOW + 60_000);
        assertThat(BroadcastRules.check(draft("sale", "sandbox", ONE_USER, TEXT, number(5)), NOW)).isEqualTo(NOW);
        assertThat(BroadcastRules.check(draft("sale", "sandbox", ONE_USER, TEXT,
                JsonNodeFactory.instance.textNode("2028-01-15T09:00:00+05:30")), NOW))
                .isEqualTo(Instant.parse("2028-01-15T03:30:00Z").toEpochMilli());
    }

    @Test
    void aNameIsOneToTwoHundredCharacters() {
        refused(draft(null, "sandbox", ONE_USER, TEXT, null), Rule.NAME);
        refused(draft("  ", "sandbox", ONE_USER, TEXT, null), Rule.NAME);
        refused(draft("n".repeat(201), "sandbox", ONE_USER, TEXT, null), Rule.NAME);
        BroadcastRules.check(draft("n".repeat(200), "sandbox", ONE_USER, TEXT, null), NOW);
    }

    @Test
    void onlyWhatsAppAndTheSandboxAreChannels() {
        refused(draft("n", "telegram", ONE_USER, TEXT, null), Rule.CHANNEL);
        refused(draft("n", null, ONE_USER, TEXT, null), Rule.CHANNEL);
        refused(draft("n", "WhatsApp", ONE_USER, TEXT, null), Rule.CHANNEL);
    }

    @Test
    void aMessageThatCannotBeSentIsRefusedWithTheReason() {
        refused(draft("n", "sandbox", ONE_USER, null, null), Rule.MESSAGE);
        refused(draft("n", "sandbox", ONE_USER, JSON.createObjectNode().put("type", "video"), null), Rule.MESSAGE);
        assertThatThrownBy(() -> BroadcastRules.check(draft("n", "sandbox", ONE_USER,
                JSON.createObjectNode().put("type", "text").put("text", "x".repeat(4097)), null), NOW))
                .isInstanceOf(BroadcastRefused.class).hasMessageContaining("message.text must be 1 to 4096");
    }

    @Test
    void aBroadcastGoesToOneToAHundredThousandValidUserIds() {
        refused(draft("n", "sandbox", new Audience.Listed(List.of()), TEXT, null), Rule.RECIPIENTS);
        refused(draft("n", "sandbox", new Audience.Listed(ids(100_001)), TEXT, null), Rule.RECIPIENTS);
        refused(draft("n", "sandbox", new Audience.Listed(List.of("919800000001", "has space")), TEXT, null), Rule.RECIPIENTS);
        refused(draft("n", "sandbox", new Audience.Listed(Collections.singletonList(null)), TEXT, null), Rule.RECIPIENTS);
        refused(draft("n", "sandbox", new Audience.Known(List.of()), TEXT, null), Rule.RECIPIENTS);
        refused(draft("n", "sandbox", new Audience.Known(List.of(new AudienceMember("a/b", null))), TEXT, null), Rule.RECIPIENTS);
        refused(draft("n", "sandbox", null, TEXT, null), Rule.RECIPIENTS);
        BroadcastRules.check(draft("n", "sandbox", new Audience.Listed(ids(100_000)), TEXT, null), NOW);
    }

    @Test
    void personalisedTextToMoreThanTenThousandListedUsersMustUseAnAudience() {
        refused(draft("n", "sandbox", new Audience.Listed(ids(10_001)), PERSONALISED, null), Rule.RECIPIENTS);
        BroadcastRules.check(draft("n", "sandbox", new Audience.Listed(ids(10_001)), TEXT, null), NOW);
        BroadcastRules.check(draft("n", "sandbox", new Audience.Listed(ids(10_000)), PERSONALISED, null), NOW);
        BroadcastRules.check(draft("n", "sandbox", matching("city", "Pune"), PERSONALISED, null), NOW);
    }

    @Test
    void anAudienceNamesTheAttributeItMatches() {
        refused(draft("n", "sandbox", new Audience.Matching(null), TEXT, null), Rule.AUDIENCE);
        refused(draft("n", "sandbox", new Audience.Matching(JSON.createArrayNode()), TEXT, null), Rule.AUDIENCE);
        refused(draft("n", "sandbox", new Audience.Matching(JSON.createObjectNode().put("attribute_value", "1")), TEXT, null),
                Rule.AUDIENCE);
        refused(draft("n", "sandbox", matching(" ", "1"), TEXT, null), Rule.AUDIENCE);
    }

    @Test
    void aScheduleIsMillisecondsOrAnIsoDateTime() {
        refused(draft("n", "sandbox", ONE_USER, TEXT, JsonNodeFactory.instance.textNode("tomorrow")), Rule.SCHEDULE);
        refused(draft("n", "sandbox", ONE_USER, TEXT, number(-1)), Rule.SCHEDULE);
        refused(draft("n", "sandbox", ONE_USER, TEXT, JSON.createObjectNode()), Rule.SCHEDULE);
        refused(draft("n", "sandbox", ONE_USER, TEXT, JsonNodeFactory.instance.booleanNode(true)), Rule.SCHEDULE);
    }

    @Test
    void theFirstBrokenRuleIsTheOneReported() {
        refused(draft("", "telegram", new Audience.Listed(List.of()), null, JsonNodeFactory.instance.textNode("x")), Rule.NAME);
        refused(draft("n", "telegram", new Audience.Listed(List.of()), null, null), Rule.CHANNEL);
        refused(draft("n", "sandbox", new Audience.Listed(List.of()), null, null), Rule.MESSAGE);
    }

    private static void refused(BroadcastDraft draft, Rule rule) {
        assertThatThrownBy(() -> BroadcastRules.check(draft, NOW))
                .isInstanceOfSatisfying(BroadcastRefused.class, refused -> {
                    assertThat(refused.rule()).isEqualTo(rule);
                    assertThat(refused.errorCode().code()).isEqualTo(1001);
                    assertThat(refused.details()).isNotBlank();
                });
    }

    private static BroadcastDraft draft(String name, String channel, Audience audience, JsonNode message, JsonNode at) {
        return new BroadcastDraft(name, channel, audience, message, at);
    }

    private static Audience matching(String attribute, String value) {
        return new Audience.Matching(JSON.createObjectNode().put("attribute_name", attribute).put("attribute_value", value));
    }

    private static JsonNode number(long value) {
        return JsonNodeFactory.instance.numberNode(value);
    }

    private static List<String> ids(int count) {
        return IntStream.range(0, count).mapToObj(i -> "9198" + i).toList();
    }
}
