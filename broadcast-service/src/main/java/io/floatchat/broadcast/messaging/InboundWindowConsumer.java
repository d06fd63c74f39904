package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.repository.InboundWindowRepository;
import io.floatchat.broadcast.repository.InboundWindowRepository.LastInbound;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.OutsideEvents;
import io.floatchat.common.tenancy.TenantRef;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This service's projection of each user's last inbound message, from {@code floatchat.messages.v1}:
 * the 24-hour window is checked without a call to another service. Never moves backwards. A poll at a
 * time: the topic also carries every message a broadcast sends, which this only has to pass over
 * ({@link MessageEvent#readInbound}). An inbound message that does not read as every consumer of the
 * topic reads it (malformed, or from the future), or names a customer and bot that are not a pair,
 * goes to the dead-letter topic.
 */
@ApplicationScoped
public class InboundWindowConsumer {

    private static final Logger LOG = Logger.getLogger(InboundWindowConsumer.class);

    private final ObjectMapper objectMapper;
    private final InboundWindowRepository windows;
    private final OutsideEvents outside;

    public InboundWindowConsumer(ObjectMapper objectMapper, InboundWindowRepository windows, OutsideEvents outside) {
        this.objectMapper = objectMapper;
        this.windows = windows;
        this.outside = outside;
    }

    /** A poll's inbound messages in one statement, a user's latest. */
    @Incoming("inbound-messages")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return EventProcessing.retryingTransient(LOG, Topics.MESSAGES, records.count() + " messages",
                        () -> outside.admitted(records, record -> read(record.value()),
                                inbound -> new TenantRef(inbound.customerId(), inbound.botKey())))
                .flatMap(inbound -> {
                    Map<String, LastInbound> latest = new LinkedHashMap<>();
                    inbound.forEach(one -> latest.merge(one.botKey() + "\n" + one.userId(), one, LastInbound::later));
                    return EventProcessing.process(LOG, Topics.MESSAGES, latest.size() + " inbound messages",
                            () -> windows.moveForward(latest.values()));
                });
    }

    /** An inbound message's user and time; null for an outbound one. */
    private LastInbound read(String json) {
        MessageEvent message = MessageEvent.readInbound(objectMapper, json);
        return message == null ? null : new LastInbound(message.customerId(), message.botKey(), message.userId(), message.timestamp());
    }
}
