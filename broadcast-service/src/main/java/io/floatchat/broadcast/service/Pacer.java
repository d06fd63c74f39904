package io.floatchat.broadcast.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps each sending account at its messages-per-second. Sends are spaced evenly — each reserves the
 * account's next slot — and a send that is due is admitted only if the provider cannot see more than
 * the rate within any second: a send counts from its admission until a second after its answer.
 * Wherever a send is delayed between here and the provider (a busy event loop, a pause, the network),
 * it arrives between its admission and its answer, so that holds whatever the jitter, with no margin
 * taken from the rate. Dispatch records are keyed by sending account, so one consumer holds each
 * account and the pace holds across replicas.
 */
public final class Pacer {

    static final long WINDOW_NANOS = 1_000_000_000L;
    /**
     * The most sends a window remembers (WhatsApp's highest rate is 1,000/s). A faster account — the
     * sandbox can be set to anything — keeps the same rate over a proportionally shorter window.
     */
    static final int MAX_TRACKED_SENDS = 10_000;
    /** How far back a sender that fell behind its slots may catch up. */
    static final long CATCH_UP_NANOS = 100_000_000L;
    /** The weight of each answer in the mean answer time: the last ~20 answers count most. */
    static final double MEAN_WEIGHT = 0.05;
    /** How long a refused send waits when every counted send is still unanswered. */
    static final long UNANSWERED_WAIT_NANOS = 1_000_000L;

    private final Map<String, long[]> nextSlot = new ConcurrentHashMap<>();
    private final Map<String, SendWindow> windows = new ConcurrentHashMap<>();

    /**
     * Nanoseconds to wait before the send's slot, at {@code now} (nanoTime). Slots missed in the last
     * {@link #CATCH_UP_NANOS} (a sender between two polls, a pause) are still taken, at once: the
     * account keeps its rate instead of losing every gap, and the window still caps any second.
     */
    public long reserve(String account, int messagesPerSecond, long now) {
        long interval = 1_000_000_000L / Math.max(1, messagesPerSecond);
        long[] next = nextSlot.computeIfAbsent(account, key -> new long[]{now});
        synchronized (next) {
            long slot = Math.max(now - CATCH_UP_NANOS, next[0]);
            next[0] = slot + interval;
            return Math.max(0, slot - now);
        }
    }

    /**
     * 0 when a send may go at {@code now} (nanoTime) — it then counts until a window after
     * {@link #answered} — or the nanoseconds to wait before asking again.
     */
    public long admit(String account, int messagesPerSecond, long now) {
        int rate = Math.max(1, messagesPerSecond);
        SendWindow window = windows.compute(account, (key, known) -> known == null ? new SendWindow(rate, null)
                : known.rate != rate ? new SendWindow(rate, known) : known);
        synchronized (window) {
            return window.admit(now);
        }
    }

    /**
     * The provider answered (or the attempt ended without an answer) at {@code now} a send admitted
     * at {@code admittedAt} (nanoTime both).
     */
    public void answered(String account, long admittedAt, long now) {
        SendWindow window = windows.get(account);
        if (window != null) {
            synchronized (window) {
                window.answered(now);
                window.meanAnswer = window.meanAnswer < 0 ? now - admittedAt
                        : window.meanAnswer + MEAN_WEIGHT * ((now - admittedAt) - window.meanAnswer);
            }
        }
    }

    /** How long the account's provider takes to answer, a moving mean in nanoseconds; -1 before its first answer. */
    public long meanAnswerNanos(String account) {
        SendWindow window = windows.get(account);
        if (window == null) {
            return -1;
        }
        synchronized (window) {
            return (long) window.meanAnswer;
        }
    }

    /** An account's unanswered sends and the answer times of the last window's, oldest first from {@code oldest}. */
    private static final class SendWindow {
        final int rate;
        final long length;
        final long[] answers;
        int oldest;
        int answered;
        int unanswered;
        double meanAnswer = -1;

        SendWindow(int rate, SendWindow previous) {
            this.rate = rate;
            this.answers = new long[Math.min(rate, MAX_TRACKED_SENDS)];
            this.length = WINDOW_NANOS * answers.length / rate;
            if (previous != null) {
                // a new rate starts with what the provider may still see of the old one
                unanswered = previous.unanswered;
                meanAnswer = previous.meanAnswer;
                for (int i = 0; i < previous.answered; i++) {
                    record(previous.answers[(previous.oldest + i) % previous.answers.length]);
                }
            }
        }

        long admit(long now) {
            while (answered > 0 && answers[oldest] + length <= now) {
                oldest = (oldest + 1) % answers.length;
                answered--;
            }
            if (unanswered + answered < answers.length) {
                unanswered++;
                return 0;
            }
            return answered > 0 ? answers[oldest] + length - now : UNANSWERED_WAIT_NANOS;
        }

        void answered(long now) {
            unanswered = Math.max(0, unanswered - 1);
            record(now);
        }

        private void record(long answer) {
            if (answered == answers.length) {
                oldest = (oldest + 1) % answers.length;
                answered--;
            }
            answers[(oldest + answered) % answers.length] = answer;
            answered++;
        }
    }
}
