package io.floatchat.trigger.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.Topics;
import io.floatchat.common.events.TriggerEvent;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.OutsideEvents;
import io.floatchat.common.tenancy.TenantRef;
import io.floatchat.trigger.service.EventTriggers;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * {@code floatchat.trigger-events.v1}: events from outside the chat run the bot's flows triggered by
 * their {@code eventType}, once per {@code eventId}. An event that is malformed, or names a customer
 * and bot that are not a pair of the tenant registry, goes to {@code floatchat.trigger-events.dlq.v1}
 * with the reason (through the outbox): nothing is dropped silently, and a bad event never blocks its
 * partition. A real bot with no flow for the event type runs nothing.
 */
@ApplicationScoped
public class TriggerEventConsumer {

    private static final Logger LOG = Logger.getLogger(TriggerEventConsumer.class);

    private final ObjectMapper objectMapper;
    private final EventTriggers triggers;
    private final OutsideEvents outside;

    public TriggerEventConsumer(ObjectMapper objectMapper, EventTriggers triggers, OutsideEvents outside) {
        this.objectMapper = objectMapper;
        this.triggers = triggers;
        this.outside = outside;
    }

    @Incoming("trigger-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return EventProcessing.retryingTransient(LOG, Topics.TRIGGER_EVENTS, record.key(),
                        () -> outside.admitted(record, one -> TriggerEvent.read(objectMapper, one.value()),
                                event -> new TenantRef(event.customerId(), event.botKey())))
                .flatMap(event -> event == null ? Uni.createFrom().voidItem()
                        : EventProcessing.process(LOG, Topics.TRIGGER_EVENTS, record.key(), () -> triggers.start("event",
                                        event.eventType(), event.eventId(), event.customerId(), event.botKey(), event.userId(),
                                        event.attributes())
                                .invoke(started -> LOG.debugf("trigger event %s (%s) started %d flows", event.eventId(),
                                        event.eventType(), started))));
    }
}
