package io.floatchat.trigger.service;

import io.floatchat.trigger.repository.RunRepository.FlowRun;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Set;

/**
 * API runs handed to the executor in memory, so they are written twice (stored, finished) instead of
 * three times (stored, claimed, finished). Each is stored already claimed, with a lease the executor
 * renews while it waits here; if this process stops, the lease runs out and the run is taken over
 * from the table like any other. A run reserves its
 * place before it is stored — at most {@code maxRuns} runs and {@code maxChars} characters of
 * attributes wait here (a trigger body may be large); beyond that runs are stored for the table.
 */
final class HandedOffRuns {

    private final int maxRuns;
    private final long maxChars;
    private final Deque<Waiting> waiting = new ArrayDeque<>();
    private int places;
    private long chars;

    HandedOffRuns(int maxRuns, long maxChars) {
        this.maxRuns = maxRuns;
        this.maxChars = maxChars;
    }

    /** A place for a run about to be stored claimed; false when full (store it for the table instead). */
    synchronized boolean reserve(int attributesChars) {
        if (places >= maxRuns || chars + attributesChars > maxChars) {
            return false;
        }
        places++;
        chars += attributesChars;
        return true;
    }

    /** The stored run takes the place it reserved. */
    synchronized void add(FlowRun run, int attributesChars) {
        waiting.add(new Waiting(run, attributesChars));
    }

    /** The reserved place was not used (no run stored). */
    synchronized void cancel(int attributesChars) {
        free(attributesChars);
    }

    /**
     * Takes up to {@code limit} runs triggered at or before {@code horizon}, oldest first, none of
     * {@code excludedBots}; the others wait.
     */
    synchronized Taken take(long horizon, int limit, Collection<String> excludedBots) {
        List<Waiting> all = new ArrayList<>(waiting);
        waiting.clear();
        all.sort(Comparator.comparingLong(entry -> entry.run().createdAt())); // stable: same millisecond, order handed over
        List<FlowRun> taken = new ArrayList<>();
        boolean more = false;
        for (Waiting entry : all) {
            boolean excluded = excludedBots.contains(entry.run().botKey());
            if (entry.run().createdAt() <= horizon && taken.size() < limit && !excluded) {
                free(entry.attributesChars());
                taken.add(entry.run());
            } else {
                waiting.add(entry);
                more |= !excluded;
            }
        }
        return new Taken(taken, more);
    }

    /** The runs waiting (their leases are renewed). */
    synchronized List<FlowRun> waiting() {
        return waiting.stream().map(Waiting::run).toList();
    }

    /** Drops the waiting runs whose {@link FlowRun#claimKey()} is in {@code lost} (no longer this executor's); the number dropped. */
    synchronized int forget(Set<String> lost) {
        int before = waiting.size();
        waiting.removeIf(entry -> {
            boolean drop = lost.contains(entry.run().claimKey());
            if (drop) {
                free(entry.attributesChars());
            }
            return drop;
        });
        return before - waiting.size();
    }

    /** Everything waiting, taken at once (shutdown: given back to the table). */
    synchronized List<FlowRun> drain() {
        List<FlowRun> all = new ArrayList<>();
        for (Waiting entry : waiting) {
            free(entry.attributesChars());
            all.add(entry.run());
        }
        waiting.clear();
        return all;
    }

    private void free(int attributesChars) {
        places--;
        chars -= attributesChars;
    }

    private record Waiting(FlowRun run, int attributesChars) {
    }

    /** @param more runs that could be taken still wait here (beyond the limit or the horizon) */
    record Taken(List<FlowRun> runs, boolean more) {
    }
}
