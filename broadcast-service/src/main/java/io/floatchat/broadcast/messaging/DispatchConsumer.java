package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.client.ChannelRouter;
import io.floatchat.broadcast.client.SendResult;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.service.Pacer;
import io.floatchat.common.events.BroadcastEvent;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.outbox.Outbox;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A sender: delivers one recipient per dispatch record at its sending account's pace. The recipient
 * is claimed (PENDING to SENDING) right before the call to the provider and recorded right after it,
 * so a redelivered record sends nothing twice, and a cancelled broadcast nothing more. The outcome,
 * the OUTBOUND message for the history and the {@code message.*} event are one transaction.
 */
@ApplicationScoped
public class DispatchConsumer {

    private static final Logger LOG = Logger.getLogger(DispatchConsumer.class);

    private final ObjectMapper objectMapper;
    private final Pool pool;
    private final BroadcastRepository broadcasts;
    private final ChannelRouter channels;
    private final Outbox outbox;
    private final BroadcastConfig config;
    private final Pacer pacer = new Pacer();

    public DispatchConsumer(ObjectMapper objectMapper, Pool pool, BroadcastRepository broadcasts, ChannelRouter channels,
                            Outbox outbox, BroadcastConfig config) {
        this.objectMapper = objectMapper;
        this.pool = pool;
        this.broadcasts = broadcasts;
        this.channels = channels;
        this.outbox = outbox;
        this.config = config;
    }

    @Incoming("dispatch")
    public Uni<Void> consume(Record<String, String> record) {
        return EventProcessing.process(LOG, Topics.BROADCAST_DISPATCH, record.key(), () -> deliver(record.value()));
    }

    private Uni<Void> deliver(String json) {
        JsonNode dispatch = EventFields.parse(objectMapper, json);
        long recipientId = EventFields.requiredLong(dispatch, "recipientId");
        String account = EventFields.requiredText(dispatch, "sendingAccount", 200);
        return channels.messagesPerSecond(account)
                .flatMap(rate -> pause(pacer.reserve(account, rate, System.nanoTime())))
                .flatMap(paced -> broadcasts.claimRecipient(recipientId, System.currentTimeMillis()))
                .flatMap(claimed -> claimed == null ? Uni.createFrom().voidItem()
                        : sendWithRetries(claimed, account, 1).flatMap(result -> record(claimed, result)));
    }

    private Uni<SendResult> sendWithRetries(ClaimedRecipient claimed, String account, int attempt) {
        return channels.send(account, claimed).flatMap(result -> {
            if (result.isSent() || !result.retryable() || attempt >= config.sendAttempts()) {
                return Uni.createFrom().item(result);
            }
            long base = config.retryDelay().toMillis() << (attempt - 1);
            long delay = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
            LOG.debugf("recipient %d: %s, attempt %d, retrying in %d ms", claimed.recipientId(), result.errorCode(),
                    attempt, delay);
            return pause(delay * 1_000_000L).flatMap(waited -> sendWithRetries(claimed, account, attempt + 1));
        });
    }

    private Uni<Void> record(ClaimedRecipient claimed, SendResult result) {
        long now = System.currentTimeMillis();
        String status = result.isSent() ? "SENT" : "FAILED";
        return pool.withTransaction(transaction -> broadcasts.recordOutcome(transaction, claimed.recipientId(), status,
                                result.providerMessageId(), result.errorCode(), result.errorMessage(), now)
                        .flatMap(recorded -> !recorded ? Uni.createFrom().voidItem()
                                : announce(transaction, claimed, result, now))
                        .flatMap(announced -> broadcasts.completeIfDone(transaction, claimed.broadcastId(), now))
                        .flatMap(completed -> !completed ? Uni.createFrom().voidItem()
                                : outbox.append(transaction, Topics.BROADCAST_EVENTS, claimed.broadcastId(),
                                new BroadcastEvent("completed-" + claimed.broadcastId(), BroadcastEvent.BROADCAST_COMPLETED,
                                        claimed.customerId(), claimed.botKey(), claimed.broadcastId(), null, null, null,
                                        null, now))))
                .invoke(outbox::publishSoon);
    }

    private Uni<Void> announce(SqlClient transaction, ClaimedRecipient claimed,
                               SendResult result, long now) {
        String type = result.isSent() ? BroadcastEvent.MESSAGE_SENT : BroadcastEvent.MESSAGE_FAILED;
        BroadcastEvent event = new BroadcastEvent(type + "-" + claimed.recipientId(), type, claimed.customerId(),
                claimed.botKey(), claimed.broadcastId(), claimed.userId(), result.providerMessageId(), result.errorCode(),
                result.errorMessage(), now);
        Uni<Void> lifecycle = outbox.append(transaction, Topics.BROADCAST_EVENTS, claimed.broadcastId(), event);
        if (!result.isSent()) {
            return lifecycle;
        }
        JsonNode message = claimed.message();
        MessageEvent outbound = new MessageEvent("sent-" + claimed.recipientId(), claimed.customerId(), claimed.botKey(),
                claimed.userId(), claimed.channel(), result.providerMessageId(), Direction.OUTBOUND,
                message.path("type").asText(), message.path("text").isTextual() ? message.path("text").asText() : null,
                message, now, claimed.broadcastId(), null);
        return lifecycle.flatMap(done -> outbox.append(transaction, Topics.MESSAGES,
                Topics.userKey(claimed.botKey(), claimed.userId()), outbound));
    }

    private static Uni<Void> pause(long nanos) {
        return nanos <= 0 ? Uni.createFrom().voidItem()
                : Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofNanos(nanos));
    }
}
