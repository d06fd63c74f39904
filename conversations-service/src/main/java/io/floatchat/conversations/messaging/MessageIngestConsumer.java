package io.floatchat.conversations.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.common.messaging.MessageEvents;
import io.floatchat.conversations.Message;
import io.floatchat.conversations.repository.MessageRepository.BotMessage;
import io.floatchat.conversations.service.ConversationService;
import io.floatchat.conversations.service.MessageRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * {@code floatchat.messages.v1}: WhatsApp inbound messages and sent broadcast messages (from
 * broadcast-service), and other ingest callers, a poll at a time. Stored once per message id; a
 * malformed event is logged with its reason and skipped.
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

    /** A poll's messages in one statement; a malformed one is logged and left out. */
    @Incoming("messages")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<BotMessage> batch = EventProcessing.readAll(LOG, records, record -> read(record.value()));
        return EventProcessing.process(LOG, Topics.MESSAGES, batch.size() + " messages", () -> conversations.ingest(batch));
    }

    private BotMessage read(String json) {
        MessageEvent event = MessageEvents.read(objectMapper, json);
        Message message = new Message(event.messageId(), event.userId(), event.channel(), event.direction(), event.type(),
                event.text(), event.payload(), event.timestamp(), event.broadcastId());
        String problem = MessageRules.problem(message);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        return new BotMessage(event.customerId(), event.botKey(), message);
    }
}
