package io.floatchat.users.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.users.service.AttributeChange;
import io.floatchat.users.service.AttributeRules;
import io.floatchat.users.service.UserService;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code floatchat.user-attributes.v1}: the same change as {@code PATCH .../attributes}, applied once
 * per {@code eventId}, with the same bounds; an event that breaks them is logged and skipped.
 */
@ApplicationScoped
public class UserAttributesConsumer {

    private static final Logger LOG = Logger.getLogger(UserAttributesConsumer.class);

    private final ObjectMapper objectMapper;
    private final UserService users;

    public UserAttributesConsumer(ObjectMapper objectMapper, UserService users) {
        this.objectMapper = objectMapper;
        this.users = users;
    }

    @Incoming("user-attributes")
    public Uni<Void> consume(Record<String, String> record) {
        return EventProcessing.process(LOG, Topics.USER_ATTRIBUTES, record.key(), () -> apply(record.value()));
    }

    private Uni<Boolean> apply(String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        String eventId = EventFields.requiredText(event, "eventId", 200);
        long customerId = EventFields.requiredLong(event, "customerId");
        String botKey = EventFields.requiredText(event, "botKey", 64);
        String userId = EventFields.userId(event);
        JsonNode attributes = event.path("attributes");
        if (!attributes.isMissingNode() && !attributes.isNull() && !attributes.isObject()) {
            throw new InvalidEventException("attributes must be an object");
        }
        Map<String, JsonNode> values = new LinkedHashMap<>();
        attributes.fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue()));
        AttributeChange change;
        try {
            change = AttributeRules.change(values);
        } catch (RuntimeException invalid) {
            throw new InvalidEventException(invalid.getMessage());
        }
        return users.changeAttributesOnce(eventId, customerId, botKey, userId,
                EventFields.optionalText(event, "channel", 32), EventFields.optionalText(event, "name", 200), change);
    }

}
