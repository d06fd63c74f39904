package io.floatchat.broadcast.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.broadcast.WhatsAppAccount;
import io.floatchat.broadcast.repository.StatusRepository;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.events.BroadcastEvent;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.outbox.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * What a verified WhatsApp webhook says: inbound messages go to the history (and the users' window)
 * as {@code floatchat.messages.v1} events with the contact's name; statuses move recipients
 * SENT to DELIVERED to READ (never backwards) or to FAILED with Meta's code, announced as
 * {@code message.*} events. One transaction per webhook. Only the bot's own number and broadcasts
 * are touched: a change for another phone number id is passed over, a status moves only this bot's
 * recipients, and a message time ahead of the platform's clock is taken as now.
 */
@ApplicationScoped
public class WebhookService {

    private static final Set<String> MESSAGE_TYPES = Set.of("text", "interactive", "template", "event");

    private static final Logger LOG = Logger.getLogger(WebhookService.class);

    private final Pool pool;
    private final StatusRepository statuses;
    private final Outbox outbox;

    private final BroadcastMetrics metrics;

    public WebhookService(Pool pool, StatusRepository statuses, Outbox outbox, BroadcastMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.statuses = statuses;
        this.outbox = outbox;
    }

    public Uni<Void> apply(WhatsAppAccount account, JsonNode webhook) {
        return pool.withTransaction(transaction -> Multi.createFrom().iterable(webhook.path("entry"))
                        .onItem().transformToIterable(entry -> entry.path("changes"))
                        .map(change -> change.path("value"))
                        .onItem().transformToUniAndConcatenate(value -> applyValue(transaction, account, value))
                        .collect().last())
                .replaceWithVoid();
    }

    private Uni<Void> applyValue(SqlClient transaction, WhatsAppAccount account, JsonNode value) {
        String number = value.path("metadata").path("phone_number_id").asText(null);
        if (number != null && !number.equals(account.phoneNumberId())) {
            LOG.warnf("bot %s: a webhook change for another phone number id is passed over", account.botKey());
            return Uni.createFrom().voidItem();
        }
        Map<String, String> names = new HashMap<>();
        for (JsonNode contact : value.path("contacts")) {
            names.put(contact.path("wa_id").asText(), contact.path("profile").path("name").asText(null));
        }
        Uni<Void> messages = Multi.createFrom().iterable(value.path("messages"))
                .onItem().transformToUniAndConcatenate(message -> inbound(transaction, account, message,
                        names.get(message.path("from").asText())))
                .collect().last().replaceWithVoid();
        return messages.flatMap(done -> Multi.createFrom().iterable(value.path("statuses"))
                .onItem().transformToUniAndConcatenate(status -> status(transaction, account, status))
                .collect().last().replaceWithVoid());
    }

    private Uni<Void> inbound(SqlClient transaction, WhatsAppAccount account, JsonNode message, String contactName) {
        String from = message.path("from").asText();
        String id = message.path("id").asText();
        if (from.isEmpty() || id.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String type = message.path("type").asText("text");
        String text = switch (type) {
            case "text" -> message.path("text").path("body").asText(null);
            case "button" -> message.path("button").path("text").asText(null);
            case "interactive" -> message.path("interactive").findPath("title").asText(null);
            default -> null;
        };
        long now = System.currentTimeMillis();
        // the app secret is the tenant's: a signed "message from the future" would hold its users' window open
        long timestamp = Math.min(message.path("timestamp").asLong(now / 1000) * 1000, now);
        // a user may write more than the platform keeps as a message's text (the whole message stays in the payload)
        MessageEvent event = new MessageEvent("wa-in-" + id, account.customerId(), account.botKey(), from, "whatsapp", id,
                Direction.INBOUND, MESSAGE_TYPES.contains(type) ? type : "button".equals(type) ? "interactive" : "media",
                InputBounds.shortened(text, InputBounds.MESSAGE_TEXT_CHARS), message, timestamp, null,
                InputBounds.shortened(contactName, MessageEvent.MAX_CONTACT_NAME));
        return outbox.append(transaction, event);
    }

    private Uni<Void> status(SqlClient transaction, WhatsAppAccount account, JsonNode status) {
        String providerId = status.path("id").asText();
        String state = status.path("status").asText();
        JsonNode error = status.path("errors").path(0);
        String code = error.isMissingNode() ? null : error.path("code").asText(null);
        String message = error.isMissingNode() ? null
                : BroadcastEvent.shortened(error.path("title").asText(error.path("message").asText(null)));
        long now = System.currentTimeMillis();
        return statuses.advance(transaction, account.customerId(), account.botKey(), providerId, state, code, message, now)
                .flatMap(moved -> {
                    if (moved == null) {
                        return Uni.createFrom().voidItem();
                    }
                    BroadcastEvent event = new BroadcastEvent("wa-status-" + providerId + "-" + state, "message." + state,
                            moved.customerId(), moved.botKey(), moved.broadcastId(), moved.userId(), providerId, code,
                            message, now);
                    return outbox.append(transaction, event)
                            .invoke(() -> metrics.recipientReached(state));
                });
    }
}
