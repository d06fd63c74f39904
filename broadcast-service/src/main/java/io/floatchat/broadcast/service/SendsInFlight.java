package io.floatchat.broadcast.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/**
 * How many sends each sending account may have started at once, and the service's bound on all of
 * them. An account wants enough to keep its pace while its provider answers — its rate times the
 * answer time plus {@link #HEADROOM_NANOS}, never more than its rate (the pacer lets no more be
 * unanswered) nor {@code send-concurrency}. The service shares {@code sends-in-flight} max-min
 * fairly ({@link #shareByTenant}) between tenants, then between each tenant's accounts: a tenant
 * wanting less than an even share has all it wants, the others share the rest evenly, every account
 * at least one. A tenant whose endpoints answer slowly, however many accounts it has, holds at most
 * one tenant's share.
 * <p>
 * Shares are set again every {@link SendingEngine#SHARE_EVERY} and when an account starts: an account
 * over its new share starts nothing until it is under, so the total can pass the budget while sends
 * started before end (a started send holds its place through its pacing, its attempts and their
 * backoff). {@link #tryStart} never lets it pass twice the budget: sockets and memory stay bounded
 * whatever tenants do; a lane it stopped starts again when a send ends, or at the next share.
 */
final class SendsInFlight {

    /** Beyond the answer time: slot waits and the jitter of the answers. */
    static final long HEADROOM_NANOS = 250_000_000L;

    private final int budget;
    private final AtomicInteger started = new AtomicInteger();
    private final Queue<BooleanSupplier> waiting = new ConcurrentLinkedQueue<>();
    /** Wake-ups owed on this thread while its {@link #wakeOne} loop runs. */
    private static final ThreadLocal<int[]> WAKES_OWED = ThreadLocal.withInitial(() -> new int[1]);

    SendsInFlight(int budget) {
        this.budget = budget;
    }

    int budget() {
        return budget;
    }

    int started() {
        return started.get();
    }

    /** One more send started, unless the service already has twice its budget started. */
    boolean tryStart() {
        while (true) {
            int now = started.get();
            if (now >= 2L * budget) {
                return false;
            }
            if (started.compareAndSet(now, now + 1)) {
                return true;
            }
        }
    }

    /** A started send was answered (or ended without starting). */
    void ended() {
        started.decrementAndGet();
    }

    /**
     * A lane {@link #tryStart} stopped: {@code pump} runs when a send ends ({@link #wakeOne}), or at the
     * next share; it answers whether it started a send (or a pump of the lane is already running).
     */
    void waitForRoom(BooleanSupplier pump) {
        waiting.add(pump);
    }

    /**
     * After a send ended, outside any lane's lock: the lanes that have waited longest for room pump
     * again, while there is room, until one starts a send (one that no longer can — pumped by a share
     * meanwhile, emptied, stopped — passes the room on). A send answered at once ends inside a pump:
     * its wake-up is owed to the loop already running on this thread, not nested in it, so the stack
     * stays flat however many lanes wait.
     */
    void wakeOne() {
        int[] owed = WAKES_OWED.get();
        owed[0]++;
        if (owed[0] > 1) {
            return;
        }
        try {
            // a lane only waits when the bound is reached: once it is again, the lanes that could not start wait anew
            while (owed[0] > 0 && started.get() < 2L * budget) {
                BooleanSupplier pump = waiting.poll();
                if (pump == null) {
                    break;
                }
                if (pump.getAsBoolean()) {
                    owed[0]--;
                }
            }
        } finally {
            owed[0] = 0;
        }
    }

    /** An account's want: its rate's worth of sends over the answer time and headroom ({@code -1}: not known yet, the most). */
    static int want(int messagesPerSecond, long meanAnswerNanos, int most) {
        int ceiling = Math.max(1, Math.min(messagesPerSecond, most));
        if (meanAnswerNanos < 0) {
            return ceiling;
        }
        long needed = (long) Math.ceil(messagesPerSecond * ((meanAnswerNanos + HEADROOM_NANOS) / 1e9));
        return (int) Math.max(1, Math.min(ceiling, needed));
    }

    /**
     * Shares of {@code budget}, max-min fair between tenants first and then between each tenant's
     * accounts: a tenant with many accounts has one tenant's share, not one per account.
     */
    static int[] shareByTenant(int[] wants, long[] tenants, int budget) {
        Map<Long, List<Integer>> byTenant = new LinkedHashMap<>();
        for (int i = 0; i < wants.length; i++) {
            byTenant.computeIfAbsent(tenants[i], tenant -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>(byTenant.values());
        int[] tenantWants = new int[groups.size()];
        for (int g = 0; g < groups.size(); g++) {
            long want = 0;
            for (int account : groups.get(g)) {
                want += wants[account];
            }
            tenantWants[g] = (int) Math.min(Integer.MAX_VALUE, want);
        }
        int[] tenantShares = share(tenantWants, budget);
        int[] shares = new int[wants.length];
        for (int g = 0; g < groups.size(); g++) {
            List<Integer> accounts = groups.get(g);
            int[] accountWants = accounts.stream().mapToInt(account -> wants[account]).toArray();
            int[] accountShares = share(accountWants, tenantShares[g]);
            for (int a = 0; a < accounts.size(); a++) {
                shares[accounts.get(a)] = accountShares[a];
            }
        }
        return shares;
    }

    /** Max-min fair shares of {@code budget} for these wants, each at least one. */
    static int[] share(int[] wants, int budget) {
        Integer[] byWant = new Integer[wants.length];
        Arrays.setAll(byWant, i -> i);
        Arrays.sort(byWant, Comparator.comparingInt(i -> wants[i]));
        int[] shares = new int[wants.length];
        long left = budget;
        for (int k = 0; k < byWant.length; k++) {
            int account = byWant[k];
            long even = left / (byWant.length - k);
            shares[account] = (int) Math.max(1, Math.min(wants[account], even));
            left = Math.max(0, left - shares[account]);
        }
        return shares;
    }
}
