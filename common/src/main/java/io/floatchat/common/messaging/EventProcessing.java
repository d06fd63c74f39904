package io.floatchat.common.messaging;

import io.floatchat.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
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
    private static final RetryWarnings RETRIES = new RetryWarnings();

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

    /**
     * A poll's records read by {@code reader}; a record it finds invalid ({@link InvalidEventException})
     * is logged with its reason and left out, as {@link #process} skips one.
     */
    public static <T> List<T> readAll(Logger log, ConsumerRecords<String, String> records,
                                      Function<ConsumerRecord<String, String>, T> reader) {
        List<T> read = new ArrayList<>(records.count());
        for (ConsumerRecord<String, String> record : records) {
            try {
                read.add(reader.apply(record));
            } catch (InvalidEventException e) {
                log.warnf("%s record %s skipped: %s", record.topic(), record.key(), e.getMessage());
            }
        }
        return read;
    }

    /** A step of handling {@code topic}'s records, retried with backoff while its failure is transient. */
    public static <T> Uni<T> retryingTransient(Logger log, String topic, String key, Supplier<Uni<? extends T>> step) {
        return Uni.createFrom().<T>deferred(step::get)
                .onFailure(EventProcessing::isRetryable)
                .invoke(failure -> {
                    long standsFor = RETRIES.retried(topic, System.nanoTime());
                    if (standsFor == 1) {
                        log.warnf("%s record %s: will retry: %s", topic, key, failure.getMessage());
                    } else if (standsFor > 1) {
                        log.warnf("%s record %s: will retry (%d retries of this topic's records since the last line): %s",
                                topic, key, standsFor, failure.getMessage());
                    }
                })
                .onFailure(EventProcessing::isRetryable).retry().withBackOff(FIRST_RETRY, LONGEST_RETRY).indefinitely();
    }

    private static boolean isRetryable(Throwable failure) {
        return !(failure instanceof InvalidEventException || failure instanceof ApiException);
    }
}
