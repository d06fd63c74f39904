package io.floatchat.broadcast.service;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Spaces the sends of each sending account evenly at its messages-per-second: each send reserves
 * the account's next slot. Dispatch records are keyed by sending account, so one consumer holds
 * each account and the pace holds across replicas.
 */
public final class Pacer {

    private final Map<String, long[]> nextSlot = new ConcurrentHashMap<>();

    /** Nanoseconds to wait before sending, at {@code now} (nanoTime). */
    public long reserve(String account, int messagesPerSecond, long now) {
        long interval = 1_000_000_000L / Math.max(1, messagesPerSecond);
        long[] next = nextSlot.computeIfAbsent(account, key -> new long[]{now});
        synchronized (next) {
            long slot = Math.max(now, next[0]);
            next[0] = slot + interval;
            return slot - now;
        }
    }
}
