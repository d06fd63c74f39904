package io.floatchat.local;

import java.time.Duration;

/**
 * When the launcher starts a service again, as Kubernetes would: at once when its JVM exits, or when
 * its liveness check has failed for {@code livenessGrace}; after a backoff that doubles with each
 * restart in the window, and not at all after {@code restartsPerWindow} of them (a service that
 * keeps crashing needs a person, not a loop).
 *
 * @param checkEvery        how often liveness is probed
 * @param livenessGrace     how long liveness may stay DOWN (or unanswered) before the JVM is replaced
 * @param firstBackoff      the wait before the first restart in a window
 * @param longestBackoff    the most any restart waits
 * @param restartsPerWindow restarts allowed within {@code window}
 * @param window            how far back restarts count
 */
public record RestartPolicy(Duration checkEvery, Duration livenessGrace, Duration firstBackoff, Duration longestBackoff,
                            int restartsPerWindow, Duration window) {

    public static final RestartPolicy DEFAULT = new RestartPolicy(Duration.ofSeconds(5), Duration.ofSeconds(30),
            Duration.ofSeconds(1), Duration.ofSeconds(30), 5, Duration.ofMinutes(10));

    /** The wait before a restart that follows {@code earlierRestarts} others in the window: 1 s, 2 s, 4 s ... */
    Duration backoff(int earlierRestarts) {
        long millis = firstBackoff.toMillis() << Math.min(earlierRestarts, 20);
        return Duration.ofMillis(Math.min(millis, longestBackoff.toMillis()));
    }
}
