package io.floatchat.common.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BroadcastDispatchEventTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static BroadcastDispatchEvent read(String json) {
        return BroadcastDispatchEvent.read(EventFields.parse(JSON, json));
    }

    @Test
    void theReaderReadsBackEveryFieldOfTheRecordAsJacksonWritesIt() throws Exception {
        BroadcastDispatchEvent event = new BroadcastDispatchEvent("dispatch-7-9", 10001, "bot-1a2b", "bc_42",
                List.of(7L, 8L, 9L), "whatsapp:1234567890");

        assertThat(read(JSON.writeValueAsString(event))).isEqualTo(event);
    }

    @Test
    void aRecordOfTheFirstVersionReadsAsAGroupOfOne() {
        BroadcastDispatchEvent event = read("{\"eventId\":\"dispatch-5\",\"customerId\":10001,\"botKey\":\"bot-1\","
                + "\"broadcastId\":\"bc_1\",\"recipientId\":5,\"sendingAccount\":\"sandbox:bot-1\"}");

        assertThat(event.recipientIds()).containsExactly(5L);
        assertThat(event.sendingAccount()).isEqualTo("sandbox:bot-1");
    }

    @Test
    void aRecordWithoutAnAccountOrRecipientsIsRefused() {
        assertThatThrownBy(() -> read("{\"recipientIds\":[1]}")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("sendingAccount");
        assertThatThrownBy(() -> read("{\"sendingAccount\":\"sandbox:b\"}")).isInstanceOf(InvalidEventException.class)
                .hasMessageContaining("recipientId");
        assertThatThrownBy(() -> read("{\"sendingAccount\":\"sandbox:b\",\"recipientIds\":[]}"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("1 to 1000");
    }

    @Test
    void aRecordOfMoreRecipientsThanASenderTakesOrOfIdsThatAreNotIntegersIsRefused() {
        String tooMany = String.join(",", Collections.nCopies(BroadcastDispatchEvent.MOST_RECIPIENTS + 1, "1"));
        assertThatThrownBy(() -> read("{\"sendingAccount\":\"sandbox:b\",\"recipientIds\":[" + tooMany + "]}"))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> read("{\"sendingAccount\":\"sandbox:b\",\"recipientIds\":[1.5]}"))
                .isInstanceOf(InvalidEventException.class).hasMessageContaining("integers");
        assertThatThrownBy(() -> read("{\"sendingAccount\":\"sandbox:b\",\"recipientIds\":[\"1\"]}"))
                .isInstanceOf(InvalidEventException.class);
        assertThatThrownBy(() -> read("{\"sendingAccount\":" + "\"" + "a".repeat(201) + "\",\"recipientIds\":[1]}"))
                .isInstanceOf(InvalidEventException.class);
    }
}
