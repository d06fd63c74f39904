package io.floatchat.broadcast.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each sending account at its messages-per-second. Sends are spaced evenly — each reserves the
 * account's next slot — and a send that is due is admitted only if it does not make more than the
 * rate within any second: a sender that stalled (a pause, a busy event loop) catches up without a
 * burst over the cap. Dispatch records are keyed by sending account, so one consumer holds each
 * account and the pace holds across replicas.
 */
public final class Pacer {

    /**
     * A second and 2 % more: sends reach the provider with jitter after they leave (a busy event loop
     * here or there lets a few through at once), so the account keeps a small margin under its cap.
     */
    static final long WINDOW_NANOS = 1_020_000_000L;

    private final Map<String, long[]> nextSlot = new ConcurrentHashMap<>();
    private final Map<String, SendWindow> windows = new ConcurrentHashMap<>();

    /** Nanoseconds to wait before the send's slot, at {@code now} (nanoTime). */
    public long reserve(String account, int messagesPerSecond, long now) {
        long interval = 1_000_000_000L / Math.max(1, messagesPerSecond);
        long[] next = nextSlot.computeIfAbsent(account, key -> new long[]{now});
        synchronized (next) {
            long slot = Math.max(now, next[0]);
            next[0] = slot + interval;
            return slot - now;
        }
    }

    /**
     * 0 when a send may go at {@code now} (nanoTime) — it is then counted — or the nanoseconds until
     * the send {@code messagesPerSecond} sends ago leaves the window; ask again after waiting.
     */
    public long admit(String account, int messagesPerSecond, long now) {
        int limit = Math.max(1, messagesPerSecond);
        SendWindow window = windows.compute(account, (key, known) -> known == null || known.sends.length != limit
                ? new SendWindow(limit) : known);
        synchronized (window) {
            long leaves = window.sends[window.oldest] + WINDOW_NANOS;
            if (window.count == limit && leaves > now) {
                return leaves - now;
            }
            window.sends[window.oldest] = now;
            window.oldest = (window.oldest + 1) % limit;
            window.count = Math.min(limit, window.count + 1);
            return 0;
        }
    }

    /** The times of an account's last sends, oldest first from {@code oldest} (a ring). */
    private static final class SendWindow {
        final long[] sends;
        int oldest;
        int count;

        SendWindow(int limit) {
            this.sends = new long[limit];
        }
    }
}
