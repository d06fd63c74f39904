package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.client.ChannelRouter;
import io.floatchat.broadcast.client.SendResult;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.service.BroadcastMetrics;
import io.floatchat.broadcast.service.Pacer;
import io.floatchat.common.text.UserPlaceholders;
import io.floatchat.common.events.BroadcastEvent;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.outbox.Outbox;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A sender: delivers one recipient per dispatch record at its sending account's pace. The recipient
 * is claimed (PENDING to SENDING) right before the call to the provider and recorded right after it,
 * so a redelivered record sends nothing twice, and a cancelled broadcast nothing more. The outcome,
 * the OUTBOUND message for the history and the {@code message.*} event are one transaction.
 */
@ApplicationScoped
public class DispatchConsumer {

    private static final Logger LOG = Logger.getLogger(DispatchConsumer.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final ObjectMapper objectMapper;
    private final Pool pool;
    private final BroadcastRepository broadcasts;
    private final ChannelRouter channels;
    private final Outbox outbox;
    private final BroadcastConfig config;
    private final Pacer pacer = new Pacer();
    /** Recipients between claim and recorded outcome: shutdown waits for them. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    private final BroadcastMetrics metrics;

    public DispatchConsumer(ObjectMapper objectMapper, Pool pool, BroadcastRepository broadcasts, ChannelRouter channels,
                            Outbox outbox, BroadcastConfig config, BroadcastMetrics metrics) {
        this.metrics = metrics;
        this.objectMapper = objectMapper;
        this.pool = pool;
        this.broadcasts = broadcasts;
        this.channels = channels;
        this.outbox = outbox;
        this.config = config;
    }

    /**
     * One poll's records, up to {@code send-concurrency} recipients at a time; the poll is acknowledged
     * when every recipient in it is recorded (at least once: a crash redelivers the poll, and a recipient
     * already claimed is not sent again).
     */
    @Incoming("dispatch")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return Multi.createFrom().iterable(records)
                .onItem().transformToUni(record -> EventProcessing.process(LOG, Topics.BROADCAST_DISPATCH, record.key(),
                        () -> deliver(record.value(), record.timestamp())))
                .merge(config.sendConcurrency())
                .collect().last()
                .replaceWithVoid();
    }

    /**
     * A graceful stop (SIGTERM) claims nothing new — those records stay unacknowledged and are
     * delivered again after the restart — and waits until every claimed recipient's outcome is
     * recorded, before the database pool closes: no message is left half-sent.
     */
    void drain(@Observes ShutdownEvent event) {
        stopping = true;
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        if (inFlight.get() > 0) {
            LOG.warnf("stopping with %d sends unrecorded; they are dispatched again after %s", inFlight.get(),
                    config.sendingLease());
        }
    }

    private Uni<Void> deliver(String json, long dispatchedAt) {
        JsonNode dispatch = EventFields.parse(objectMapper, json);
        long recipientId = EventFields.requiredLong(dispatch, "recipientId");
        String account = EventFields.requiredText(dispatch, "sendingAccount", 200);
        // claimed first, then paced: the send starts at its slot, not a database round trip after it
        return claim(recipientId)
                .flatMap(claimed -> claimed == null ? Uni.createFrom().voidItem()
                        : channels.messagesPerSecond(account)
                        .flatMap(rate -> pause(pacer.reserve(account, rate, System.nanoTime())))
                        .invoke(() -> metrics.dispatchLag(dispatchedAt))
                        .map(paced -> claimed.withMessage(UserPlaceholders.personalise(claimed.message(), claimed.parameters())))
                        .flatMap(personalised -> sendWithRetries(personalised, account, 1)
                                .flatMap(result -> record(personalised, result)))
                        .onTermination().invoke(inFlight::decrementAndGet));
    }

    private Uni<ClaimedRecipient> claim(long recipientId) {
        if (stopping) {
            // never completes: the record is not acknowledged, and is delivered again after the restart
            return Uni.createFrom().nothing();
        }
        inFlight.incrementAndGet();
        return broadcasts.claimRecipient(recipientId, System.currentTimeMillis())
                .onFailure().invoke(inFlight::decrementAndGet)
                .invoke(claimed -> {
                    if (claimed == null) {
                        inFlight.decrementAndGet();
                    }
                });
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
                                : announce(transaction, claimed, result, now).invoke(() -> metrics.recipientReached(status)))
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

    /** Timers tick in whole milliseconds: a wait rounds up, so the pace is never faster than the cap. */
    private static Uni<Void> pause(long nanos) {
        if (nanos <= 0) {
            return Uni.createFrom().voidItem();
        }
        long millis = (nanos + 999_999) / 1_000_000;
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(millis));
    }
}
