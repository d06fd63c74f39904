package io.floatchat.trigger.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.events.DeadLetter;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.trigger.service.EventTriggers;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.api.IncomingKafkaRecordMetadata;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * {@code floatchat.trigger-events.v1}: events from outside the chat run the bot's flows triggered by
 * their {@code eventType}, once per {@code eventId}. An event that is malformed, or names a customer
 * and bot this service has no flow for, goes to {@code floatchat.trigger-events.dlq.v1} with the
 * reason (through the outbox): nothing is dropped silently, and a bad event never blocks its partition.
 */
@ApplicationScoped
public class TriggerEventConsumer {

    private static final Logger LOG = Logger.getLogger(TriggerEventConsumer.class);
    private static final int MAX_DEAD_VALUE = 64 * 1024;

    private final ObjectMapper objectMapper;
    private final EventTriggers triggers;
    private final Outbox outbox;
    private final Pool pool;

    public TriggerEventConsumer(ObjectMapper objectMapper, EventTriggers triggers, Outbox outbox, Pool pool) {
        this.objectMapper = objectMapper;
        this.triggers = triggers;
        this.outbox = outbox;
        this.pool = pool;
    }

    @Incoming("trigger-events")
    public CompletionStage<Void> consume(Message<String> message) {
        IncomingKafkaRecordMetadata<?, ?> kafka = message.getMetadata(IncomingKafkaRecordMetadata.class).orElse(null);
        String key = kafka == null || kafka.getKey() == null ? null : kafka.getKey().toString();
        // deferred: apply() throws while reading the event, and that must reach the dead-letter branch
        return EventProcessing.process(LOG, Topics.TRIGGER_EVENTS, key, () -> Uni.createFrom()
                        .deferred(() -> apply(message.getPayload()))
                        .onFailure(InvalidEventException.class).recoverWithUni(invalid -> deadLetter(kafka, key,
                                message.getPayload(), invalid.getMessage())))
                .subscribeAsCompletionStage()
                .thenCompose(done -> message.ack());
    }

    private Uni<Integer> apply(String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        String eventId = EventFields.requiredText(event, "eventId", 200);
        long customerId = EventFields.requiredLong(event, "customerId");
        String botKey = EventFields.requiredText(event, "botKey", 64);
        String eventType = EventFields.requiredText(event, "eventType", 100);
        String userId = event.hasNonNull("userId") ? EventFields.userId(event) : null;
        ObjectNode attributes = attributes(event.path("attributes"));
        return triggers.knows(customerId, botKey).flatMap(known -> {
            if (!known) {
                throw new InvalidEventException("unknown customer " + customerId + " or bot " + botKey
                        + " (no flows for it)");
            }
            return triggers.start("event", eventType, eventId, customerId, botKey, userId, attributes);
        }).invoke(started -> LOG.debugf("trigger event %s (%s) started %d flows", eventId, eventType, started));
    }

    private static ObjectNode attributes(JsonNode attributes) {
        if (attributes.isMissingNode() || attributes.isNull()) {
            return JsonNodeFactory.instance.objectNode();
        }
        if (!attributes.isObject() || attributes.size() > 200) {
            throw new InvalidEventException("attributes must be an object of at most 200 attributes");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = attributes.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> attribute = it.next();
            JsonNode value = attribute.getValue();
            if (!attribute.getKey().matches("[A-Za-z0-9_.-]{1,100}")
                    || !(value.isNull() || value.isTextual() || value.isNumber() || value.isBoolean())
                    || value.asText().length() > 1000) {
                throw new InvalidEventException("attribute '" + attribute.getKey() + "' is not a name of [A-Za-z0-9_.-] "
                        + "with a string, number or boolean value");
            }
        }
        return (ObjectNode) attributes;
    }

    private Uni<Integer> deadLetter(IncomingKafkaRecordMetadata<?, ?> kafka, String key, String value, String reason) {
        String kept = value == null ? null : value.length() <= MAX_DEAD_VALUE ? value : value.substring(0, MAX_DEAD_VALUE);
        DeadLetter letter = new DeadLetter(reason, Topics.TRIGGER_EVENTS, kafka == null ? -1 : kafka.getPartition(),
                kafka == null ? -1 : kafka.getOffset(), key, kept, System.currentTimeMillis());
        LOG.warnf("trigger event %s to the dead-letter topic: %s", key, reason);
        return pool.withTransaction(transaction -> outbox.append(transaction, Topics.TRIGGER_EVENTS_DLQ,
                        key == null ? "unkeyed" : key, letter))
                .invoke(outbox::publishSoon)
                .replaceWith(0);
    }
}
