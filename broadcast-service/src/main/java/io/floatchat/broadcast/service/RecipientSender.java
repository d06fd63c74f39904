package io.floatchat.broadcast.service;

import io.floatchat.broadcast.client.ChannelRouter;
import io.floatchat.broadcast.client.SendResult;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.repository.BroadcastRepository.Outcome;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.floatchat.common.text.UserPlaceholders;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;

/**
 * Sends one claimed recipient at its sending account's pace, with the retries its provider's answers
 * allow; never fails (a send that could not be attempted is a retryable failure like any other).
 */
@ApplicationScoped
public class RecipientSender {

    private static final Logger LOG = Logger.getLogger(RecipientSender.class);

    private final ChannelRouter channels;
    private final BroadcastConfig config;
    private final BroadcastMetrics metrics;
    /** How often a long wait looks whether its recipient was withdrawn. */
    static final long WITHDRAWAL_CHECK_NANOS = 250_000_000L;
    /** A retry is never withdrawn. */
    private static final BooleanSupplier NEVER = () -> false;

    private final Pacer pacer = new Pacer();

    public RecipientSender(ChannelRouter channels, BroadcastConfig config, BroadcastMetrics metrics) {
        this.channels = channels;
        this.config = config;
        this.metrics = metrics;
    }

    /**
     * Paced first, then sent: the send starts at its slot, not a database round trip after it. Until
     * its first attempt is admitted {@code withdrawn} is asked: a recipient withdrawn then (its
     * broadcast cancelled, the service stopping) is not sent, and the outcome is null. Once the
     * provider has seen an attempt, the recipient goes on to its outcome: a retried timeout may have
     * been delivered, and only the retries can tell.
     */
    public Uni<Outcome> send(ClaimedRecipient recipient, String account, long dispatchedAt, Predicate<ClaimedRecipient> withdrawn) {
        BooleanSupplier isWithdrawn = () -> withdrawn.test(recipient);
        return EventProcessing.retryingTransient(LOG, Topics.BROADCAST_DISPATCH, account, () -> channels.messagesPerSecond(account))
                .call(rate -> pauseWatching(pacer.reserve(account, rate, System.nanoTime()), isWithdrawn))
                .invoke(() -> metrics.dispatchLag(dispatchedAt))
                .flatMap(rate -> {
                    ClaimedRecipient personalised = recipient.withMessage(
                            UserPlaceholders.personalise(recipient.message(), recipient.parameters()));
                    return sendWithRetries(personalised, account, rate, 1, isWithdrawn)
                            .map(result -> result == null ? null : new Outcome(personalised, result));
                });
    }

    /** How long the account's provider takes to answer an attempt, a moving mean; -1 before its first answer. */
    public long meanAnswerNanos(String account) {
        return pacer.meanAnswerNanos(account);
    }

    /** The account's rate (messages per second) as its sends are paced. */
    public Uni<Integer> messagesPerSecond(String account) {
        return channels.messagesPerSecond(account);
    }

    /**
     * The longest a live sender can hold a recipient in a send: every attempt to its deadline and
     * every backoff at its longest. A claim's lease must be longer (checked at start).
     */
    public Duration longestSend() {
        return longestSend(config.providerTimeout(), config.sendAttempts(), config.retryDelay());
    }

    static Duration longestSend(Duration providerTimeout, int attempts, Duration retryDelay) {
        long backoffMillis = 0;
        for (int attempt = 1; attempt < attempts; attempt++) {
            long base = retryDelay.toMillis() << (attempt - 1);
            backoffMillis += base + base / 2;
        }
        return providerTimeout.multipliedBy(attempts).plusMillis(backoffMillis);
    }

    /**
     * Every attempt, retries too, is admitted by the pacer first: the provider never sees more than the
     * rate. Null when the recipient was withdrawn before its first attempt was admitted.
     */
    private Uni<SendResult> sendWithRetries(ClaimedRecipient claimed, String account, int rate, int attempt, BooleanSupplier withdrawn) {
        return admitted(account, rate, withdrawn)
                .flatMap(admitted -> {
                    if (!admitted) {
                        return Uni.createFrom().nullItem();
                    }
                    long admittedAt = System.nanoTime();
                    return Uni.createFrom().deferred(() -> channels.send(account, claimed)).onTermination().invoke(() -> {
                        long answeredAt = System.nanoTime();
                        pacer.answered(account, admittedAt, answeredAt);
                        metrics.providerAnswered(admittedAt, answeredAt);
                    });
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("recipient %d: the send could not be attempted: %s", claimed.recipientId(), failure.getMessage());
                    return SendResult.failed("INTERNAL_ERROR", "The message could not be handed to the channel.", true);
                })
                .flatMap(result -> {
                    if (result == null || result.isSent() || !result.retryable() || attempt >= config.sendAttempts()) {
                        return Uni.createFrom().item(result);
                    }
                    long base = config.retryDelay().toMillis() << (attempt - 1);
                    long delay = base + ThreadLocalRandom.current().nextLong(base / 2 + 1);
                    LOG.debugf("recipient %d: %s, attempt %d, retrying in %d ms", claimed.recipientId(), result.errorCode(),
                            attempt, delay);
                    return pause(delay * 1_000_000L).flatMap(waited -> sendWithRetries(claimed, account, rate, attempt + 1, NEVER));
                });
    }

    /**
     * Waits until the account may send without going over its rate in any second (see {@link Pacer}):
     * true, admitted; false, withdrawn while it waited (asked before each admission, so never after).
     */
    private Uni<Boolean> admitted(String account, int rate, BooleanSupplier withdrawn) {
        if (withdrawn.getAsBoolean()) {
            return Uni.createFrom().item(false);
        }
        long wait = pacer.admit(account, rate, System.nanoTime());
        return wait == 0 ? Uni.createFrom().item(true) : pause(wait).flatMap(waited -> admitted(account, rate, withdrawn));
    }

    /**
     * A long wait (a slot seconds ahead) in steps of {@link #WITHDRAWAL_CHECK_NANOS},
     * ending early once the recipient is withdrawn: a cancelled broadcast's slots are not waited out,
     * and a stopping service hands its recipients back within its drain.
     */
    private static Uni<Void> pauseWatching(long nanos, BooleanSupplier withdrawn) {
        if (nanos <= 0 || withdrawn.getAsBoolean()) {
            return Uni.createFrom().voidItem();
        }
        if (nanos <= WITHDRAWAL_CHECK_NANOS) {
            return pause(nanos);
        }
        return pause(WITHDRAWAL_CHECK_NANOS).flatMap(waited -> pauseWatching(nanos - WITHDRAWAL_CHECK_NANOS, withdrawn));
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
