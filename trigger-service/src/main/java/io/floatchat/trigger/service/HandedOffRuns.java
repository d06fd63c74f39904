package io.floatchat.trigger.service;

import io.floatchat.trigger.repository.RunRepository.FlowRun;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;

/**
 * API runs handed to the executor in memory, so they are written twice (stored, finished) instead of
 * three times (stored, claimed, finished). Each is stored already claimed; if this process stops,
 * the claim goes stale and the run is taken over from the table like any other. A run reserves its
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
     * Takes up to {@code limit} runs triggered at or before {@code horizon}, oldest first; the others
     * wait. Runs triggered before {@code abandonedBefore} are dropped: their claim is about to go stale,
     * and the table's takeover runs them (once: a dropped run is never run from here).
     */
    synchronized Taken take(long horizon, int limit, long abandonedBefore) {
        List<Waiting> all = new ArrayList<>(waiting);
        waiting.clear();
        all.sort(Comparator.comparingLong(entry -> entry.run().createdAt())); // stable: same millisecond, order handed over
        List<FlowRun> taken = new ArrayList<>();
        int abandoned = 0;
        for (Waiting entry : all) {
            long createdAt = entry.run().createdAt();
            if (createdAt < abandonedBefore) {
                free(entry.attributesChars());
                abandoned++;
            } else if (createdAt <= horizon && taken.size() < limit) {
                free(entry.attributesChars());
                taken.add(entry.run());
            } else {
                waiting.add(entry);
            }
        }
        return new Taken(taken, abandoned, !waiting.isEmpty());
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

    /** @param more runs still wait here */
    record Taken(List<FlowRun> runs, int abandoned, boolean more) {
    }
}
