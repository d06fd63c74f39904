package io.floatchat.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Each event names its topic and key as the topic's documentation says, and neither is in its JSON. */
class OutboxEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void eachEventIsKeyedAsItsTopicSays() {
        MessageEvent message = new MessageEvent("e", 7, "bot", "9198", "whatsapp", "m", Direction.INBOUND, "text", "hi", null, 1,
                null, null);
        assertThat(List.of(message.outboxTopic(), message.outboxKey())).containsExactly(Topics.MESSAGES, Topics.userKey("bot", "9198"));
        UserAttributesEvent change = new UserAttributesEvent("e", 7, "bot", "9198", null, null, JsonNodeFactory.instance.objectNode(), 1);
        assertThat(List.of(change.outboxTopic(), change.outboxKey())).containsExactly(Topics.USER_ATTRIBUTES, Topics.userKey("bot", "9198"));
        BroadcastEvent sent = new BroadcastEvent("e", BroadcastEvent.MESSAGE_SENT, 7, "bot", "bc_1", "9198", "wamid", null, null, 1);
        assertThat(List.of(sent.outboxTopic(), sent.outboxKey())).containsExactly(Topics.BROADCAST_EVENTS, "bc_1");
        BroadcastRequestEvent request = new BroadcastRequestEvent("e", 7, "bot", "sandbox", List.of("9198"), null, null, null, 1);
        assertThat(List.of(request.outboxTopic(), request.outboxKey())).containsExactly(Topics.BROADCAST_REQUESTS, "bot");
        TenantEvent bot = new TenantEvent("e", TenantEvent.BOT_CREATED, 7, "bot", 1);
        assertThat(List.of(bot.outboxTopic(), bot.outboxKey())).containsExactly(Topics.TENANTS, "bot");
        TriggerEvent trigger = new TriggerEvent("e", 7, "bot", "lead.created", null, JsonNodeFactory.instance.objectNode(), 1);
        assertThat(List.of(trigger.outboxTopic(), trigger.outboxKey())).containsExactly(Topics.TRIGGER_EVENTS, "7/bot");
    }

    @Test
    void aKeyEventIsKeyedByItsKeyOrElseItsCustomer() {
        ApiKeyEvent revoked = new ApiKeyEvent("e", ApiKeyEvent.REVOKED, "k123", 7, 1);
        ApiKeyEvent botsChanged = new ApiKeyEvent("e", ApiKeyEvent.BOTS_CHANGED, null, 7, 1);
        assertThat(List.of(revoked.outboxTopic(), revoked.outboxKey())).containsExactly(Topics.APIKEY_EVENTS, "k123");
        assertThat(botsChanged.outboxKey()).isEqualTo("7");
    }

    @Test
    void aDeadLetterGoesToTheDeadLetterTopicOfWhereItCameFrom() {
        DeadLetter letter = new DeadLetter("bad", "users-service", Topics.USER_ATTRIBUTES, 0, 1, null, "{", 1);
        assertThat(List.of(letter.outboxTopic(), letter.outboxKey())).containsExactly(Topics.USER_ATTRIBUTES_DLQ, "unkeyed");
    }

    @Test
    void theTopicAndKeyAreNotPartOfTheRecord() throws Exception {
        String json = JSON.writeValueAsString(new TenantEvent("e", TenantEvent.BOT_CREATED, 7, "bot", 1));
        assertThat(json).isEqualTo("{\"eventId\":\"e\",\"type\":\"bot.created\",\"customerId\":7,\"botKey\":\"bot\",\"occurredAt\":1}");
        assertThat(JSON.writeValueAsString(new DeadLetter("bad", "users-service", Topics.USER_ATTRIBUTES, 0, 1, "k", "{", 1)))
                .doesNotContain("outbox");
    }
}
