package io.floatchat.common.messaging;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps "will retry" lines readable in an outage: every record in flight retries at once — a
 * broadcast's sender looks up its account's rate per recipient, a thousand at a time — and one line
 * per retry buried everything else (DependencyOutageE2ETest). At most one line per topic per
 * {@link #EVERY_NANOS}; the next one says how many retries it stands for.
 */
final class RetryWarnings {

    static final long EVERY_NANOS = 1_000_000_000L;

    /** Per topic: when its last line was written, and the retries since. */
    private final Map<String, long[]> topics = new ConcurrentHashMap<>();

    /**
     * Counts a retry of {@code topic} at {@code now} (nanoTime): -1 when no line is due, else the
     * retries this line stands for, itself included.
     */
    long retried(String topic, long now) {
        long[] state = topics.computeIfAbsent(topic, key -> new long[]{now - EVERY_NANOS, 0});
        synchronized (state) {
            state[1]++;
            if (now - state[0] < EVERY_NANOS) {
                return -1;
            }
            long standsFor = state[1];
            state[0] = now;
            state[1] = 0;
            return standsFor;
        }
    }
}
