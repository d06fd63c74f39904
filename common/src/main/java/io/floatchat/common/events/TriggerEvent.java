package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * {@code floatchat.trigger-events.v1}, key {@code customerId/botKey}: an event from outside the chat
 * that runs the flows triggered by its {@code eventType}, once per {@code eventId}. Fields are boxed
 * because producers are outside the platform: a missing one is a reason for the dead-letter topic.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record TriggerEvent(
        String eventId,
        Long customerId,
        String botKey,
        String eventType,
        String userId,
        Map<String, Object> attributes,
        Long occurredAt) {
}
