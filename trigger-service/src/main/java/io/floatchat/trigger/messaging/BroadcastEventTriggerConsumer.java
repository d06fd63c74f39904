package io.floatchat.trigger.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
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
        JsonNode event = EventFields.parse(objectMapper, json);
        ObjectNode attributes = JsonNodeFactory.instance.objectNode();
        for (String field : new String[]{"broadcastId", "providerMessageId", "errorCode", "errorMessage"}) {
            if (event.hasNonNull(field)) {
                attributes.put(field, event.path(field).asText());
            }
        }
        String userId = event.hasNonNull("userId") ? EventFields.userId(event) : null;
        return new TriggeringEvent(EventFields.requiredText(event, "type", 64), EventFields.requiredText(event, "eventId", 300),
                EventFields.requiredLong(event, "customerId"), EventFields.requiredText(event, "botKey", 64), userId,
                attributes);
    }
}
