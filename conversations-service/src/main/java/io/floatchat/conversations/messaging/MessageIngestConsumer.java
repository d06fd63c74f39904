package io.floatchat.conversations.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.common.messaging.OutsideEvents;
import io.floatchat.common.tenancy.TenantRef;
import io.floatchat.conversations.Message;
import io.floatchat.conversations.repository.MessageRepository.BotMessage;
import io.floatchat.conversations.service.ConversationService;
import io.floatchat.conversations.service.MessageRules;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code floatchat.messages.v1}: WhatsApp inbound messages and sent broadcast messages (from
 * broadcast-service), and other ingest callers, a poll at a time. Stored once per message id; a
 * malformed message, or one naming a customer and bot that are not a pair, goes to the dead-letter
 * topic with the reason.
 */
@ApplicationScoped
public class MessageIngestConsumer {

    private static final Logger LOG = Logger.getLogger(MessageIngestConsumer.class);

    private final ObjectMapper objectMapper;
    private final ConversationService conversations;
    private final OutsideEvents outside;

    public MessageIngestConsumer(ObjectMapper objectMapper, ConversationService conversations, OutsideEvents outside) {
        this.objectMapper = objectMapper;
        this.conversations = conversations;
        this.outside = outside;
    }

    /** A poll's messages in one statement. */
    @Incoming("messages")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return EventProcessing.retryingTransient(LOG, Topics.MESSAGES, records.count() + " messages",
                        () -> outside.admitted(records, record -> read(record.value()),
                                message -> new TenantRef(message.customerId(), message.botKey())))
                .flatMap(batch -> EventProcessing.process(LOG, Topics.MESSAGES, batch.size() + " messages",
                        () -> conversations.ingest(batch)));
    }

    private BotMessage read(String json) {
        MessageEvent event = MessageEvent.read(objectMapper, json);
        Message message = new Message(event.messageId(), event.userId(), event.channel(), event.direction(), event.type(),
                event.text(), event.payload(), event.timestamp(), event.broadcastId());
        String problem = MessageRules.problem(message);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        return new BotMessage(event.customerId(), event.botKey(), message);
    }
}
