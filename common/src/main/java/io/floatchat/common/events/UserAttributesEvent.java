package io.floatchat.common.events;

import io.quarkus.runtime.annotations.RegisterForReflection;
import java.util.Map;

/**
 * {@code floatchat.user-attributes.v1}, key {@code botKey/userId}: merge these attributes into the
 * user (created when new); a {@code null} value removes the attribute.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record UserAttributesEvent(
        String eventId,
        long customerId,
        String botKey,
        String userId,
        String channel,
        String name,
        Map<String, Object> attributes,
        long occurredAt) {
}
