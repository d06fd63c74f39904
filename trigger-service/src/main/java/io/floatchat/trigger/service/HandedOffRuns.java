package io.floatchat.trigger.service;

import io.floatchat.trigger.repository.RunRepository.FlowRun;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * API runs handed to the executor in memory, so they are written twice (stored, finished) instead of
 * three times (stored, claimed, finished). Each is stored already claimed; if this process stops,
 * the claim goes stale and the run is taken over from the table like any other. A run is reserved a
 * place before it is stored, so at most {@code capacity} wait here; beyond that runs go to the table.
 */
final class HandedOffRuns {

    private final int capacity;
    private final AtomicInteger places = new AtomicInteger();
    private final Queue<FlowRun> waiting = new ConcurrentLinkedQueue<>();

    HandedOffRuns(int capacity) {
        this.capacity = capacity;
    }

    /** A place for a run about to be stored claimed; false when full (store it for the table instead). */
    boolean reserve() {
        return places.getAndUpdate(taken -> taken < capacity ? taken + 1 : taken) < capacity;
    }

    /** The stored run takes its reserved place. */
    void add(FlowRun run) {
        waiting.add(run);
    }

    /** The reserved place was not used (no run stored). */
    void cancel() {
        places.decrementAndGet();
    }

    /**
     * Takes up to {@code limit} runs triggered at or before {@code horizon}, oldest first; the others
     * wait. Runs triggered before {@code abandonedBefore} are dropped: their claim is about to go stale,
     * and the table's takeover runs them (once: a dropped run is never run from here).
     */
    Taken take(long horizon, int limit, long abandonedBefore) {
        List<FlowRun> all = new ArrayList<>();
        for (FlowRun run; (run = waiting.poll()) != null; ) {
            all.add(run);
        }
        all.sort(Comparator.comparingLong(FlowRun::createdAt)); // stable: same-millisecond runs keep their order
        List<FlowRun> taken = new ArrayList<>();
        int abandoned = 0;
        for (FlowRun run : all) {
            if (run.createdAt() < abandonedBefore) {
                abandoned++;
            } else if (run.createdAt() <= horizon && taken.size() < limit) {
                taken.add(run);
            } else {
                waiting.add(run);
            }
        }
        places.addAndGet(-(taken.size() + abandoned));
        return new Taken(taken, abandoned, !waiting.isEmpty());
    }

    /** Everything waiting, taken at once (shutdown: given back to the table). */
    List<FlowRun> drain() {
        List<FlowRun> all = new ArrayList<>();
        for (FlowRun run; (run = waiting.poll()) != null; ) {
            all.add(run);
        }
        places.addAndGet(-all.size());
        return all;
    }

    /** @param more runs still wait here */
    record Taken(List<FlowRun> runs, int abandoned, boolean more) {
    }
}
