package io.floatchat.users.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.events.Topics;
import io.floatchat.common.events.UserAttributesEvent;
import io.floatchat.common.messaging.DeadLetters;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.common.messaging.OutsideEvents;
import io.floatchat.common.tenancy.TenantRef;
import io.floatchat.users.AttributeChange;
import io.floatchat.users.service.AttributeRules;
import io.floatchat.users.service.UserService;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code floatchat.user-attributes.v1}: the same change as {@code PATCH .../attributes}, applied once
 * per {@code eventId}, with the same bounds; an event that breaks them, is malformed, or names a
 * customer and bot that are not a pair goes to the dead-letter topic with the reason.
 */
@ApplicationScoped
public class UserAttributesConsumer {

    private static final Logger LOG = Logger.getLogger(UserAttributesConsumer.class);

    private final ObjectMapper objectMapper;
    private final UserService users;
    private final OutsideEvents outside;
    private final DeadLetters deadLetters;

    public UserAttributesConsumer(ObjectMapper objectMapper, UserService users, OutsideEvents outside, DeadLetters deadLetters) {
        this.objectMapper = objectMapper;
        this.users = users;
        this.outside = outside;
        this.deadLetters = deadLetters;
    }

    @Incoming("user-attributes")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return EventProcessing.retryingTransient(LOG, Topics.USER_ATTRIBUTES, record.key(),
                        () -> outside.admitted(record, this::read, change -> new TenantRef(change.event().customerId(), change.event().botKey())))
                .flatMap(change -> change == null ? Uni.createFrom().voidItem()
                        : EventProcessing.retryingTransient(LOG, Topics.USER_ATTRIBUTES, record.key(), () -> apply(change)
                                // a change past a user's bounds (its attributes' count or size once merged) is refused as a whole
                                .onFailure(ApiException.class).recoverWithUni(refused -> deadLetters.send(
                                        List.of(new DeadLetters.Refused(record, ((ApiException) refused).details()))))));
    }

    private Uni<Void> apply(Change change) {
        UserAttributesEvent event = change.event();
        return users.changeAttributesOnce(event.eventId(), event.customerId(), event.botKey(), event.userId(),
                event.channel(), event.name(), change.change()).replaceWithVoid();
    }

    private Change read(ConsumerRecord<String, String> record) {
        UserAttributesEvent event = UserAttributesEvent.read(objectMapper, record.value());
        Map<String, JsonNode> values = new LinkedHashMap<>();
        event.attributes().fields().forEachRemaining(field -> values.put(field.getKey(), field.getValue()));
        AttributeChange change;
        try {
            change = AttributeRules.change(values);
        } catch (ApiException invalid) {
            throw new InvalidEventException(invalid.details());
        }
        return new Change(event, change);
    }

    private record Change(UserAttributesEvent event, AttributeChange change) {
    }
}
