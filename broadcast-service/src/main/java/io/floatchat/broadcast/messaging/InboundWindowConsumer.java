package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.repository.InboundWindowRepository;
import io.floatchat.broadcast.repository.InboundWindowRepository.LastInbound;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * This service's projection of each user's last inbound message, from {@code floatchat.messages.v1}:
 * the 24-hour window is checked without a call to another service. Never moves backwards. A poll at a
 * time: the topic also carries every message a broadcast sends, which this only has to pass over.
 */
@ApplicationScoped
public class InboundWindowConsumer {

    private static final Logger LOG = Logger.getLogger(InboundWindowConsumer.class);

    private final ObjectMapper objectMapper;
    private final InboundWindowRepository windows;

    public InboundWindowConsumer(ObjectMapper objectMapper, InboundWindowRepository windows) {
        this.objectMapper = objectMapper;
        this.windows = windows;
    }

    /** A poll's inbound messages in one statement, a user's latest; a malformed one is logged and left out. */
    @Incoming("inbound-messages")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        Map<String, LastInbound> latest = new LinkedHashMap<>();
        EventProcessing.readAll(LOG, records, record -> read(record.value())).stream().filter(Objects::nonNull)
                .forEach(inbound -> latest.merge(inbound.botKey() + "\n" + inbound.userId(), inbound, LastInbound::later));
        return EventProcessing.process(LOG, Topics.MESSAGES, latest.size() + " inbound messages",
                () -> windows.moveForward(latest.values()));
    }

    /** An inbound message's user and time; null for an outbound one. */
    private LastInbound read(String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        if (!Direction.INBOUND.name().equals(event.path("direction").asText())) {
            return null;
        }
        return new LastInbound(EventFields.requiredText(event, "botKey", 64), EventFields.userId(event),
                EventFields.messageTime(event));
    }
}
