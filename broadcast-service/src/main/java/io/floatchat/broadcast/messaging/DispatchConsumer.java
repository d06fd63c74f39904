package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.client.ChannelRouter;
import io.floatchat.broadcast.client.SendResult;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.repository.BroadcastRepository.Outcome;
import io.floatchat.broadcast.service.BroadcastMetrics;
import io.floatchat.broadcast.service.OutcomeRecorder;
import io.floatchat.broadcast.service.Pacer;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.messaging.InvalidEventException;
import io.floatchat.common.text.UserPlaceholders;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A sender: delivers the recipients of one poll of dispatch records (a group of recipients each),
 * each recipient at its sending account's pace. Recipients are claimed (PENDING to SENDING) a group
 * at a time, just before they are needed, and the outcomes are recorded a group at a time as the
 * sends finish, so a redelivered record sends nothing twice, and a cancelled broadcast nothing more.
 * Set-based on both sides: one statement claims a group, one transaction records one (bench/broadcast).
 */
@ApplicationScoped
public class DispatchConsumer {

    private static final Logger LOG = Logger.getLogger(DispatchConsumer.class);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);
    private static final int CLAIM_GROUP = 100;
    private static final int MOST_RECIPIENTS_PER_RECORD = 1_000;
    private static final int RECORD_GROUP = 100;
    private static final int RECORDS_IN_FLIGHT = 2;

    private final ObjectMapper objectMapper;
    private final BroadcastRepository broadcasts;
    private final ChannelRouter channels;
    private final OutcomeRecorder recorder;
    private final BroadcastConfig config;
    private final BroadcastMetrics metrics;
    private final Pacer pacer = new Pacer();
    /** Recipients between claim and recorded outcome: shutdown waits for them. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean stopping;

    public DispatchConsumer(ObjectMapper objectMapper, BroadcastRepository broadcasts, ChannelRouter channels,
                            OutcomeRecorder recorder, BroadcastConfig config, BroadcastMetrics metrics) {
        this.objectMapper = objectMapper;
        this.broadcasts = broadcasts;
        this.channels = channels;
        this.recorder = recorder;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * One poll's records, up to {@code send-concurrency} recipients in flight; the poll is acknowledged
     * when every recipient in it is recorded (at least once: a crash redelivers the poll, and a recipient
     * already claimed is not sent again).
     */
    @Incoming("dispatch")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        AtomicBoolean leftForRestart = new AtomicBoolean();
        List<Dispatch> recipients = EventProcessing.readAll(LOG, records, this::read).stream().flatMap(List::stream).toList();
        return Multi.createFrom().iterable(groups(recipients, CLAIM_GROUP))
                .onItem().transformToMultiAndConcatenate(group -> claim(group, leftForRestart).toMulti()
                        .onItem().transformToIterable(claimed -> claimed))
                .onItem().transformToUni(this::send).merge(config.sendConcurrency())
                .group().intoLists().of(RECORD_GROUP)
                .onItem().transformToUni(this::record).merge(RECORDS_IN_FLIGHT)
                .collect().last()
                // unclaimed records of a stopping sender are not acknowledged: delivered again after the restart
                .flatMap(done -> leftForRestart.get() ? Uni.createFrom().nothing() : Uni.createFrom().voidItem());
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

    /** A record's recipients: a group ({@code recipientIds}), or one from a record of the first version. */
    private List<Dispatch> read(ConsumerRecord<String, String> record) {
        JsonNode dispatch = EventFields.parse(objectMapper, record.value());
        String account = EventFields.requiredText(dispatch, "sendingAccount", 200);
        JsonNode ids = dispatch.get("recipientIds");
        if (ids == null) {
            return List.of(new Dispatch(EventFields.requiredLong(dispatch, "recipientId"), account, record.timestamp()));
        }
        if (!ids.isArray() || ids.isEmpty() || ids.size() > MOST_RECIPIENTS_PER_RECORD) {
            throw new InvalidEventException("recipientIds must be an array of 1 to " + MOST_RECIPIENTS_PER_RECORD + " ids");
        }
        List<Dispatch> group = new ArrayList<>(ids.size());
        for (JsonNode id : ids) {
            if (!id.isIntegralNumber() || !id.canConvertToLong()) {
                throw new InvalidEventException("recipientIds must be integers");
            }
            group.add(new Dispatch(id.asLong(), account, record.timestamp()));
        }
        return group;
    }

    private Uni<List<Claimed>> claim(List<Dispatch> group, AtomicBoolean leftForRestart) {
        if (stopping) {
            leftForRestart.set(true);
            return Uni.createFrom().item(List.of());
        }
        Map<Long, Dispatch> byRecipient = new HashMap<>();
        group.forEach(dispatch -> byRecipient.putIfAbsent(dispatch.recipientId(), dispatch));
        return EventProcessing.retryingTransient(LOG, Topics.BROADCAST_DISPATCH, group.size() + " recipients",
                        () -> broadcasts.claimRecipients(new ArrayList<>(byRecipient.keySet()), System.currentTimeMillis()))
                .map(claimed -> {
                    inFlight.addAndGet(claimed.size());
                    return claimed.stream().map(recipient -> new Claimed(recipient, byRecipient.get(recipient.recipientId())))
                            .toList();
                });
    }

    /** Claimed first, then paced: the send starts at its slot, not a database round trip after it. */
    private Uni<Outcome> send(Claimed claimed) {
        String account = claimed.dispatch().sendingAccount();
        return EventProcessing.retryingTransient(LOG, Topics.BROADCAST_DISPATCH, account,
                        () -> channels.messagesPerSecond(account))
                .call(rate -> pause(pacer.reserve(account, rate, System.nanoTime())))
                .invoke(() -> metrics.dispatchLag(claimed.dispatch().dispatchedAt()))
                .flatMap(rate -> {
                    ClaimedRecipient personalised = claimed.recipient().withMessage(
                            UserPlaceholders.personalise(claimed.recipient().message(), claimed.recipient().parameters()));
                    return sendWithRetries(personalised, account, rate, 1).map(result -> new Outcome(personalised, result));
                });
    }

    /** Every attempt, retries too, is admitted by the pacer first: the provider never sees more than the rate. */
    private Uni<SendResult> sendWithRetries(ClaimedRecipient claimed, String account, int rate, int attempt) {
        return admitted(account, rate)
                .flatMap(admitted -> Uni.createFrom().deferred(() -> channels.send(account, claimed))
                        .onTermination().invoke(() -> pacer.answered(account, System.nanoTime())))
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("recipient %d: the send could not be attempted: %s", claimed.recipientId(), failure.getMessage());
                    return SendResult.failed("INTERNAL_ERROR", "The message could not be handed to the channel.", true);
                })
                .flatMap(result -> {
                    if (result.isSent() || !result.retryable() || attempt >= config.sendAttempts()) {
                        return Uni.createFrom().item(result);
                    }
                    long base = config.retryDelay().toMillis() << (attempt - 1);
                    long delay = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
                    LOG.debugf("recipient %d: %s, attempt %d, retrying in %d ms", claimed.recipientId(), result.errorCode(),
                            attempt, delay);
                    return pause(delay * 1_000_000L).flatMap(waited -> sendWithRetries(claimed, account, rate, attempt + 1));
                });
    }

    /** Waits until the account may send without going over its rate in any second (see {@link Pacer}). */
    private Uni<Void> admitted(String account, int rate) {
        long wait = pacer.admit(account, rate, System.nanoTime());
        return wait == 0 ? Uni.createFrom().voidItem() : pause(wait).flatMap(waited -> admitted(account, rate));
    }

    private Uni<Void> record(List<Outcome> outcomes) {
        return EventProcessing.process(LOG, Topics.BROADCAST_DISPATCH, outcomes.size() + " outcomes",
                        () -> recorder.record(outcomes))
                .onTermination().invoke(() -> inFlight.addAndGet(-outcomes.size()));
    }

    private static <T> List<List<T>> groups(List<T> items, int size) {
        List<List<T>> groups = new ArrayList<>();
        for (int from = 0; from < items.size(); from += size) {
            groups.add(items.subList(from, Math.min(items.size(), from + size)));
        }
        return groups;
    }

    /** Timers tick in whole milliseconds: a wait rounds up, so the pace is never faster than the cap. */
    private static Uni<Void> pause(long nanos) {
        if (nanos <= 0) {
            return Uni.createFrom().voidItem();
        }
        long millis = (nanos + 999_999) / 1_000_000;
        return Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(millis));
    }

    private record Dispatch(long recipientId, String sendingAccount, long dispatchedAt) {
    }

    private record Claimed(ClaimedRecipient recipient, Dispatch dispatch) {
    }
}
