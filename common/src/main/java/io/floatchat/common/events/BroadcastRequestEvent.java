package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.api.BroadcastChannels;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.api.OutgoingMessages;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code floatchat.broadcast-requests.v1}, key {@code botKey}: a request (from a flow's
 * {@code send_message} step) to send a message ({@link OutgoingMessages}) on {@code whatsapp} or
 * {@code sandbox} to channel user ids; becomes a broadcast, idempotent by {@code eventId}. Every
 * consumer reads a record with {@link #read}.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record BroadcastRequestEvent(
        String eventId,
        long customerId,
        String botKey,
        String channel,
        List<String> userIds,
        JsonNode message,
        String flowKey,
        String runId,
        long requestedAt) implements OutboxEvent {

    /** A record from any producer, checked for what every consumer relies on, or an {@link InvalidEventException} saying why. */
    public static BroadcastRequestEvent read(ObjectMapper objectMapper, String json) {
        JsonNode request = EventFields.parse(objectMapper, json);
        String channel = EventFields.requiredText(request, "channel", 32);
        if (!BroadcastChannels.isKnown(channel)) {
            throw new InvalidEventException("channel " + BroadcastChannels.RULE);
        }
        JsonNode ids = request.path("userIds");
        List<String> userIds = new ArrayList<>(ids.size());
        for (JsonNode userId : ids) {
            if (!userId.isTextual() || !ChannelUserIds.isValid(userId.asText())) {
                throw new InvalidEventException("userIds must be channel user ids");
            }
            userIds.add(userId.asText());
        }
        if (userIds.isEmpty()) {
            throw new InvalidEventException("userIds must name at least one user");
        }
        JsonNode message = request.path("message");
        String problem = OutgoingMessages.problem(message);
        if (problem != null) {
            throw new InvalidEventException(problem);
        }
        return new BroadcastRequestEvent(
                EventFields.requiredText(request, "eventId", 200),
                EventFields.requiredLong(request, "customerId"),
                EventFields.requiredText(request, "botKey", 64),
                channel,
                List.copyOf(userIds),
                message,
                EventFields.optionalText(request, "flowKey", 100),
                EventFields.optionalText(request, "runId", 200),
                EventFields.statedTime(request, "requestedAt"));
    }

    @Override
    public String outboxTopic() {
        return Topics.BROADCAST_REQUESTS;
    }

    @Override
    public String outboxKey() {
        return botKey;
    }
}
