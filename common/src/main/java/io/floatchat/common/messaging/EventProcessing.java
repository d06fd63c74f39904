package io.floatchat.common.messaging;

import io.floatchat.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * How every consumer treats a record: one that can never be applied is logged with its reason and
 * skipped, so it does not block its partition; any other failure (the database is down) is retried
 * with backoff, holding the partition, so no event is lost. Handlers are idempotent, so a retry
 * after a partial failure is harmless.
 */
public final class EventProcessing {

    private static final Duration FIRST_RETRY = Duration.ofMillis(200);
    private static final Duration LONGEST_RETRY = Duration.ofSeconds(30);

    private EventProcessing() {
    }

    public static Uni<Void> process(Logger log, String topic, String key, Supplier<Uni<?>> handling) {
        return retryingTransient(log, topic, key, handling)
                .onFailure().recoverWithItem(failure -> {
                    log.warnf("%s record %s skipped: %s", topic, key, failure.getMessage());
                    return null;
                })
                .replaceWithVoid();
    }

    /** A step of handling {@code topic}'s records, retried with backoff while its failure is transient. */
    public static <T> Uni<T> retryingTransient(Logger log, String topic, String key, Supplier<Uni<? extends T>> step) {
        return Uni.createFrom().<T>deferred(step::get)
                .onFailure(EventProcessing::isRetryable)
                .invoke(failure -> log.warnf("%s record %s: will retry: %s", topic, key, failure.getMessage()))
                .onFailure(EventProcessing::isRetryable).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY).indefinitely();
    }

    private static boolean isRetryable(Throwable failure) {
        return !(failure instanceof InvalidEventException || failure instanceof ApiException);
    }
}
