package io.floatchat.users.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.MessageEvents;
import io.floatchat.users.service.UserActivity;
import io.floatchat.users.service.UserService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * {@code floatchat.messages.v1}: a message creates its user when new and moves {@code lastActiveAt};
 * an INBOUND one also moves {@code lastInboundAt} (the WhatsApp 24-hour window). Times only move
 * forward, so duplicates and late arrivals change nothing they should not. A poll at a time.
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

    /** A poll's messages in one statement; a malformed one is logged and left out. */
    @Incoming("messages")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<UserActivity> activities = EventProcessing.readAll(LOG, records,
                record -> UserActivity.of(MessageEvents.read(objectMapper, record.value())));
        return EventProcessing.process(LOG, Topics.MESSAGES, activities.size() + " messages",
                () -> users.recordActivity(activities));
    }
}
