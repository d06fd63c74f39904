package io.floatchat.users.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.MessageEvents;
import io.floatchat.users.service.UserService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code floatchat.messages.v1}: a message creates its user when new and moves {@code lastActiveAt};
 * an INBOUND one also moves {@code lastInboundAt} (the WhatsApp 24-hour window). Times only move
 * forward, so duplicates and late arrivals change nothing they should not.
 */
@ApplicationScoped
public class MessageActivityConsumer {

    private static final Logger LOG = Logger.getLogger(MessageActivityConsumer.class);

    private final ObjectMapper objectMapper;
    private final UserService users;

    public MessageActivityConsumer(ObjectMapper objectMapper, UserService users) {
        this.objectMapper = objectMapper;
        this.users = users;
    }

    @Incoming("messages")
    public Uni<Void> consume(Record<String, String> record) {
        return EventProcessing.process(LOG, Topics.MESSAGES, record.key(), () -> apply(record.value()));
    }

    private Uni<Boolean> apply(String json) {
        MessageEvent event = MessageEvents.read(objectMapper, json);
        return users.recordActivity(event.customerId(), event.botKey(), event.userId(), event.channel(),
                event.contactName(), event.timestamp(), event.direction() == Direction.INBOUND);
    }
}
