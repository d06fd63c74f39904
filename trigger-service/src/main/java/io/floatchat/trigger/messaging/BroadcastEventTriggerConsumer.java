package io.floatchat.trigger.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.events.BroadcastEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.trigger.service.EventTriggers;
import io.floatchat.trigger.service.EventTriggers.TriggeringEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * {@code floatchat.broadcast-events.v1}: runs the bot's {@code broadcast_event} flows for that event
 * type (e.g. {@code message.read}), once per event, with the broadcast's details as attributes.
 */
@ApplicationScoped
public class BroadcastEventTriggerConsumer {

    private static final Logger LOG = Logger.getLogger(BroadcastEventTriggerConsumer.class);

    private final ObjectMapper objectMapper;
    private final EventTriggers triggers;

    public BroadcastEventTriggerConsumer(ObjectMapper objectMapper, EventTriggers triggers) {
        this.objectMapper = objectMapper;
        this.triggers = triggers;
    }

    /** A poll at a time: each bot's flows for an event type are looked up once per poll. */
    @Incoming("broadcast-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<TriggeringEvent> events = EventProcessing.readAll(LOG, records, record -> read(record.value()));
        return EventProcessing.process(LOG, Topics.BROADCAST_EVENTS, events.size() + " events",
                () -> triggers.startAll("broadcast_event", events));
    }

    private TriggeringEvent read(String json) {
        BroadcastEvent event = BroadcastEvent.read(objectMapper, json);
        // what a flow started by the event sees as the run's attributes
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        putIfPresent(attributes, "broadcastId", event.broadcastId());
        putIfPresent(attributes, "providerMessageId", event.providerMessageId());
        putIfPresent(attributes, "errorCode", event.errorCode());
        putIfPresent(attributes, "errorMessage", event.errorMessage());
        return new TriggeringEvent(event.type(), event.eventId(), event.customerId(), event.botKey(), event.userId(), attributes);
    }

    private static void putIfPresent(ObjectNode attributes, String name, String value) {
        if (value != null) {
            attributes.put(name, value);
        }
    }
}
