package io.floatchat.trigger.service;

import io.floatchat.common.work.SerialRounds;
import io.floatchat.trigger.client.StepRetries;
import io.floatchat.trigger.config.FlowExecutionConfig;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;

/**
 * Feeds the executor: claims runs from the table (and takes the API runs handed over in memory),
 * holds them in {@link RunSlots} until their user, their bot and this replica have room, and starts
 * each with {@link StepRunner}. A round only claims and hands out — it never waits for a run — so a
 * slow webhook holds its own run and its bot's slot, never the next round. While this replica holds
 * runs, it renews their leases every quarter lease; a run whose lease was lost is dropped here before
 * it starts, and its result refused if it had.
 */
@ApplicationScoped
public class RunPoller {

    private static final Logger LOG = Logger.getLogger(RunPoller.class);
    private static final int BATCH = 100;
    private static final Duration POLL = Duration.ofMillis(250);
    /**
     * Rounds at most this often: each reads the table (a hand-off may wait behind a run another replica
     * stored for its user), and a claim query per API trigger cost PostgreSQL more than the triggers.
     */
    private static final long ROUND_GAP_MILLIS = 10;
    /** API runs waiting in memory at most: about half a second of this executor's work... */
    private static final int HANDED_OFF_RUNS = 1_000;
    /** ...and at most this many characters of their attributes (a trigger body may hold 256 KB). */
    private static final long HANDED_OFF_CHARS = 4_000_000;
    /** How long a stopping replica waits for its runs in flight before giving them back. */
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Vertx vertx;
    private final RunRepository runs;
    private final StepRunner runner;
    private final FlowExecutionConfig config;
    private final RunSlots slots;
    private final HandedOffRuns handedOff = new HandedOffRuns(HANDED_OFF_RUNS, HANDED_OFF_CHARS);
    private final SerialRounds rounds = new SerialRounds(this::claimRound,
            failure -> LOG.warnf("claiming flow runs failed, retrying at the next tick: %s", failure.getMessage()));
    private volatile boolean stopping;
    private volatile long lastRoundAt;
    /** The last round stopped for want of room: the next run to end wakes a round. */
    private volatile boolean waitingForRoom;
    private long pollTimer = -1;
    private long renewTimer = -1;

    public RunPoller(Vertx vertx, RunRepository runs, StepRunner runner, FlowExecutionConfig config, FlowRunMetrics metrics) {
        this.vertx = vertx;
        this.runs = runs;
        this.runner = runner;
        this.config = config;
        this.slots = new RunSlots(config.runsInFlight(), config.runsInFlightPerBot());
        metrics.watch(slots::heldCount, slots::inFlight);
    }

    void start(@Observes StartupEvent event) {
        requireLeaseOutlastingSteps(config.runLease(), config.callTimeout());
        pollTimer = vertx.setPeriodic(POLL.toMillis(), id -> wakeUp());
        renewTimer = vertx.setPeriodic(config.runLease().toMillis() / 4, id -> renewLeases()
                .subscribe().with(renewed -> { }, failure -> LOG.warnf(
                        "renewing the leases of held flow runs failed, retrying in a quarter lease: %s", failure.getMessage())));
    }

    /** A live replica's claim must never run out mid-step: the lease is longer than twice the longest step. */
    static void requireLeaseOutlastingSteps(Duration lease, Duration callTimeout) {
        Duration longest = StepRetries.longestStep(callTimeout);
        if (lease.compareTo(longest.multipliedBy(2)) <= 0) {
            throw new IllegalStateException("floatchat.flows.run-lease (" + lease + ") must be longer than twice the longest "
                    + "step: 3 x floatchat.flows.call-timeout + the retries' backoff = " + longest);
        }
    }

    /**
     * Stops claiming, waits a little for the runs in flight, then gives every run still held back to
     * the table, so another replica takes them at once instead of after their lease (a step in flight
     * then runs again there: at least once).
     */
    void stop(@Observes ShutdownEvent event) {
        stopping = true;
        vertx.cancelTimer(pollTimer);
        giveBack(handedOff.drain(), "waiting in memory");
        giveBack(slots.drainWaiting(), "waiting for a slot");
        long deadline = System.nanoTime() + STOP_GRACE.toNanos();
        while (slots.inFlight() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
        giveBack(slots.held(), "in flight, whose current step runs again where they are taken over");
        vertx.cancelTimer(renewTimer);
    }

    private void giveBack(List<FlowRun> held, String what) {
        if (held.isEmpty()) {
            return;
        }
        try {
            runs.release(held).await().atMost(Duration.ofSeconds(5));
            LOG.infof("stopping: %d flow runs %s were given back to the table", held.size(), what);
        } catch (RuntimeException e) {
            LOG.warnf("stopping: %d flow runs %s stay claimed until their lease runs out: %s", held.size(), what, e.getMessage());
        }
    }

    /** Runs were stored, in the table or handed over: a round soon. */
    public void wakeUp() {
        if (!stopping) {
            rounds.wakeUp();
        }
    }

    /**
     * Asks for a place in memory for an API run about to be stored: store it with a lease
     * ({@link HandOff#leaseUntil()} not null), for the table otherwise; either way, report the insert's
     * outcome to {@link HandOff#stored}.
     */
    public HandOff reserveHandOff(int attributesChars) {
        boolean claimed = !stopping && handedOff.reserve(attributesChars);
        return new HandOff(claimed ? System.currentTimeMillis() + config.runLease().toMillis() : null, attributesChars);
    }

    /** One API run's place in memory, or the answer that there was none. */
    public final class HandOff {

        private final Long leaseUntil;
        private final int attributesChars;

        private HandOff(Long leaseUntil, int attributesChars) {
            this.leaseUntil = leaseUntil;
            this.attributesChars = attributesChars;
        }

        /** The lease to store the run with (it is this executor's), or null: store it for the table. */
        public Long leaseUntil() {
            return leaseUntil;
        }

        /** @param run the stored run, or null when none was stored (unknown flow, failure, cancelled request) */
        public void stored(FlowRun run) {
            if (leaseUntil != null && run == null) {
                handedOff.cancel(attributesChars);
                return;
            }
            if (leaseUntil != null) {
                handedOff.add(run, attributesChars);
            }
            if (run != null) {
                wakeUp();
            }
        }
    }

    /** Runs this replica holds now, waiting or in flight, of one bot (what its cap bounds). */
    int inFlight(String botKey) {
        return slots.inFlight(botKey);
    }

    /**
     * Claims as many runs from the table as there is room for (none of the bots already holding their
     * share here), takes the runs handed over in memory, and hands them all to the slots, oldest first.
     * While the table holds more than a batch, only runs handed over no later than the last one claimed
     * are taken, so one user's runs keep their order across both (whichever replica stored them).
     * Rounds start at most every {@value #ROUND_GAP_MILLIS} ms: under a stream of API triggers each
     * round takes the runs handed over meanwhile, instead of one claim query per trigger. More right
     * away when a batch was full or runs that could be taken were left waiting, and there is still room.
     */
    Uni<Boolean> claimRound() {
        long gap = lastRoundAt + ROUND_GAP_MILLIS - System.currentTimeMillis();
        Uni<Void> turn = gap > 0 ? Uni.createFrom().voidItem().onItem().delayIt().by(Duration.ofMillis(gap))
                : Uni.createFrom().voidItem();
        return turn.chain(this::claimAndHandOut);
    }

    private Uni<Boolean> claimAndHandOut() {
        int room = Math.min(BATCH, config.runsHeld() - slots.heldCount());
        if (room <= 0 || stopping) {
            waitingForRoom = true;
            return Uni.createFrom().item(false);
        }
        Collection<String> fullBots = slots.botsHolding(config.runsHeldPerBot());
        long now = System.currentTimeMillis();
        lastRoundAt = now;
        return runs.claim(now, now + config.runLease().toMillis(), room, fullBots).map(claimed -> {
            boolean tableFull = claimed.size() == room;
            long horizon = tableFull ? claimed.stream().mapToLong(FlowRun::createdAt).max().orElseThrow() : Long.MAX_VALUE;
            HandedOffRuns.Taken taken = handedOff.take(horizon, room - claimed.size(), fullBots);
            List<FlowRun> round = new ArrayList<>(claimed);
            round.addAll(taken.runs());
            round.sort(Comparator.comparingLong(FlowRun::createdAt)); // stable: same millisecond, order claimed
            if (stopping) { // claimed while the replica began to stop: given back, not started
                runs.release(round).subscribe().with(released -> { }, failure -> LOG.warnf(
                        "%d flow runs claimed while stopping stay claimed until their lease runs out: %s", round.size(),
                        failure.getMessage()));
                return false;
            }
            round.forEach(run -> slots.offer(run, this::execute));
            boolean roomLeft = slots.heldCount() < config.runsHeld();
            waitingForRoom = !roomLeft;
            return (tableFull || taken.more()) && roomLeft;
        });
    }

    private void execute(FlowRun run) {
        // deferred: a step that throws while it starts fails this run's Uni, and the run still ends here
        Uni.createFrom().deferred(() -> runner.run(run))
                .onFailure().invoke(failure ->
                        // the run id, not the user id (a phone number): logs carry no personal data
                        LOG.warnf("flow run %s stopped (%s); it stays claimed and is taken over when its lease runs out; "
                                + "its user's later runs go on", run.id(), failure.getMessage()))
                .onFailure().recoverWithNull()
                .subscribe().with(done -> ended(run));
    }

    private void ended(FlowRun run) {
        slots.ended(run, this::execute);
        if (waitingForRoom) {
            waitingForRoom = false;
            wakeUp();
        }
    }

    /** Extends every held run's lease; runs whose claim is no longer this replica's are dropped before they start. */
    Uni<Void> renewLeases() {
        List<FlowRun> held = new ArrayList<>(slots.held());
        held.addAll(handedOff.waiting());
        if (held.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return runs.renew(held, System.currentTimeMillis() + config.runLease().toMillis()).invoke(renewed -> {
            Set<String> lost = new HashSet<>();
            held.forEach(run -> {
                if (!renewed.contains(run.claimKey())) {
                    lost.add(run.claimKey());
                }
            });
            int dropped = lost.isEmpty() ? 0 : slots.forget(lost) + handedOff.forget(lost);
            if (dropped > 0) {
                LOG.warnf("%d flow runs waiting here were taken over by another executor (their lease ran out): dropped here",
                        dropped);
            }
        }).replaceWithVoid();
    }
}
