package io.floatchat.users.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.OutsideEvents;
import io.floatchat.common.tenancy.TenantRef;
import io.floatchat.users.UserActivity;
import io.floatchat.users.service.UserService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code floatchat.messages.v1}: a message creates its user when new and moves {@code lastActiveAt};
 * an INBOUND one also moves {@code lastInboundAt} (the WhatsApp 24-hour window). Times only move
 * forward, so duplicates and late arrivals change nothing they should not. A poll at a time; a
 * malformed message, or one naming a customer and bot that are not a pair, goes to the dead-letter topic.
 */
@ApplicationScoped
public class MessageActivityConsumer {

    private static final Logger LOG = Logger.getLogger(MessageActivityConsumer.class);

    private final ObjectMapper objectMapper;
    private final UserService users;
    private final OutsideEvents outside;

    public MessageActivityConsumer(ObjectMapper objectMapper, UserService users, OutsideEvents outside) {
        this.objectMapper = objectMapper;
        this.users = users;
        this.outside = outside;
    }

    /** A poll's messages in one statement. */
    @Incoming("messages")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return EventProcessing.retryingTransient(LOG, Topics.MESSAGES, records.count() + " messages",
                        () -> outside.admitted(records, record -> UserActivity.of(MessageEvent.read(objectMapper, record.value())),
                                activity -> new TenantRef(activity.customerId(), activity.botKey())))
                .flatMap(activities -> EventProcessing.process(LOG, Topics.MESSAGES, activities.size() + " messages",
                        () -> users.recordActivity(activities)));
    }
}
