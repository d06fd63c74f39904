package io.floatchat.trigger.client;

import io.smallrye.mutiny.Uni;

import java.time.Duration;
import java.util.function.Predicate;

/** How a step that calls out retries: the same for webhooks and e-mail, so its longest duration is known. */
public final class StepRetries {

    public static final int ATTEMPTS = 3;
    private static final Duration FIRST_BACKOFF = Duration.ofMillis(500);
    private static final Duration MOST_BACKOFF = Duration.ofSeconds(4);

    private StepRetries() {
    }

    /** The attempt, retried with backoff on the failures {@code retryable} accepts. */
    public static <T> Uni<T> retried(Uni<T> attempt, Predicate<Throwable> retryable) {
        return attempt.onFailure(retryable).retry().withBackOff(FIRST_BACKOFF, MOST_BACKOFF).atMost(ATTEMPTS - 1);
    }

    /** The longest a step can take: every attempt to its deadline, with the longest backoff between them. */
    public static Duration longestStep(Duration callTimeout) {
        return callTimeout.multipliedBy(ATTEMPTS).plus(MOST_BACKOFF.multipliedBy(ATTEMPTS - 1));
    }
}
