package io.floatchat.common.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code floatchat.broadcast-dispatch.v1}, keyed by sending account so that one account's pace is
 * kept by one consumer: deliver a group of recipients (up to 100, in id order) of a running broadcast.
 * PostgreSQL builds these set-based ({@link #asOutboxColumns}); senders read them with {@link #read}. Both
 * name the fields here and nowhere else.
 */
@RegisterForReflection // serialised by Jackson outside the REST layer (native image)
public record BroadcastDispatchEvent(
        String eventId,
        long customerId,
        String botKey,
        String broadcastId,
        List<Long> recipientIds,
        String sendingAccount) {

    /** The most recipients a record may carry (the fan-out writes 100): bounds what one record costs a sender. */
    public static final int MOST_RECIPIENTS = 1_000;
    private static final int MOST_TEXT = 200;

    /**
     * The columns {@code record_key, payload} of the event for a set-based fan-out (common/outbox
     * Outbox.appendSelected): each argument is the SQL expression of that field ({@code recipientIds}
     * a jsonb array, {@code eventIdSuffix} what follows {@code dispatch-}); the key is the sending account.
     */
    public static String asOutboxColumns(String eventIdSuffix, String customerId, String botKey, String broadcastId,
                                         String recipientIds, String sendingAccount) {
        return sendingAccount + " AS record_key, jsonb_build_object('eventId', 'dispatch-' || " + eventIdSuffix
                + ", 'customerId', " + customerId + ", 'botKey', " + botKey + ", 'broadcastId', " + broadcastId
                + ", 'recipientIds', " + recipientIds + ", 'sendingAccount', " + sendingAccount + ") AS payload";
    }

    /**
     * Reads and bounds a record: {@code sendingAccount} and {@code recipientIds} (1 to
     * {@value #MOST_RECIPIENTS} integers) are required, the rest read when present. A record of the
     * first version, with a single {@code recipientId}, may still be on the topic after an upgrade: it
     * reads as a group of one.
     */
    public static BroadcastDispatchEvent read(JsonNode event) {
        String account = EventFields.requiredText(event, "sendingAccount", MOST_TEXT);
        JsonNode ids = event.get("recipientIds");
        List<Long> group;
        if (ids == null) {
            group = List.of(EventFields.requiredLong(event, "recipientId"));
        } else {
            if (!ids.isArray() || ids.isEmpty() || ids.size() > MOST_RECIPIENTS) {
                throw new InvalidEventException("recipientIds must be an array of 1 to " + MOST_RECIPIENTS + " ids");
            }
            group = new ArrayList<>(ids.size());
            for (JsonNode id : ids) {
                if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                    throw new InvalidEventException("recipientIds must be integers");
                }
                group.add(id.asLong());
            }
        }
        JsonNode customer = event.get("customerId");
        return new BroadcastDispatchEvent(EventFields.optionalText(event, "eventId", MOST_TEXT),
                customer == null || customer.isNull() ? 0 : EventFields.requiredLong(event, "customerId"),
                EventFields.optionalText(event, "botKey", MOST_TEXT), EventFields.optionalText(event, "broadcastId", MOST_TEXT),
                List.copyOf(group), account);
    }
}
