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
    /**
     * The most sends a window remembers (WhatsApp's highest rate is 1,000/s). A faster account — the
     * sandbox can be set to anything — keeps the same rate over a proportionally shorter window.
     */
    static final int MAX_TRACKED_SENDS = 10_000;

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
        int rate = Math.max(1, messagesPerSecond);
        SendWindow window = windows.compute(account, (key, known) -> known == null || known.rate != rate
                ? new SendWindow(rate) : known);
        synchronized (window) {
            long leaves = window.sends[window.oldest] + window.length;
            if (window.count == window.sends.length && leaves > now) {
                return leaves - now;
            }
            window.sends[window.oldest] = now;
            window.oldest = (window.oldest + 1) % window.sends.length;
            window.count = Math.min(window.sends.length, window.count + 1);
            return 0;
        }
    }

    /** The times of an account's last sends, oldest first from {@code oldest} (a ring), and the window's length. */
    private static final class SendWindow {
        final int rate;
        final long[] sends;
        final long length;
        int oldest;
        int count;

        SendWindow(int rate) {
            this.rate = rate;
            this.sends = new long[Math.min(rate, MAX_TRACKED_SENDS)];
            this.length = WINDOW_NANOS * sends.length / rate;
        }
    }
}
