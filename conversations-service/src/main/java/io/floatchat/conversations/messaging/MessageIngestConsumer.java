package io.floatchat.conversations.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.conversations.Message;
import io.floatchat.conversations.service.ConversationService;
import io.floatchat.conversations.service.MessageRules;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code floatchat.messages.v1}: WhatsApp inbound messages and sent broadcast messages (from
 * broadcast-service), and other ingest callers. Stored once per message id; a malformed event is
 * logged with its reason and skipped.
 */
@ApplicationScoped
public class MessageIngestConsumer {

    private static final Logger LOG = Logger.getLogger(MessageIngestConsumer.class);

    private final ObjectMapper objectMapper;
    private final ConversationService conversations;

    public MessageIngestConsumer(ObjectMapper objectMapper, ConversationService conversations) {
        this.objectMapper = objectMapper;
        this.conversations = conversations;
    }

    @Incoming("messages")
    public Uni<Void> consume(Record<String, String> record) {
        return EventProcessing.process(LOG, Topics.MESSAGES, record.key(), () -> apply(record.value()));
    }

    private Uni<Boolean> apply(String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        long customerId = EventFields.requiredLong(event, "customerId");
        String botKey = EventFields.requiredText(event, "botKey", 64);
        String direction = EventFields.requiredText(event, "direction", 16);
        if (!direction.equals(Direction.INBOUND.name()) && !direction.equals(Direction.OUTBOUND.name())) {
            throw new InvalidEventException("direction must be INBOUND or OUTBOUND");
        }
        String channel = EventFields.optionalText(event, "channel", 32);
        Message message = new Message(EventFields.requiredText(event, "messageId", 200), EventFields.userId(event),
                channel == null ? "whatsapp" : channel, Direction.valueOf(direction),
                EventFields.requiredText(event, "type", 32), EventFields.optionalText(event, "text", MessageRules.MAX_TEXT),
                event.get("payload"), EventFields.requiredLong(event, "timestamp"),
                EventFields.optionalText(event, "broadcastId", 64));
        String problem = MessageRules.problem(message);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        return conversations.ingest(customerId, botKey, message);
    }
}
