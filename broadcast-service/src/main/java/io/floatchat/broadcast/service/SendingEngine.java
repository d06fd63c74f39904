package io.floatchat.broadcast.service;

import io.floatchat.broadcast.Dispatch;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimRef;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.repository.BroadcastRepository.Outcome;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The sending engine: a {@link SendingLane} per sending account, fed by the dispatch consumer with
 * recipients it has claimed in the database. Claims are the truth — the consumer commits a record's
 * offset once its recipients are claimed, never waiting for a send — so a slow provider fills only its
 * own account's lane, and the consumer goes on with every other account's records.
 * <p>
 * A claim has a lease ({@code floatchat.broadcast.sending-lease}), longer than the longest a live
 * sender can hold a recipient in a send (every attempt to its deadline, every backoff; checked at
 * start), and renewed every quarter lease while the lane holds it, queued or in flight. Its fencing
 * token (the recipient's attempts) keeps a late outcome of a claim that expired — a sender cut off from
 * the database for longer than a lease — from being recorded over the claim that replaced it. Every
 * second the engine also drops from the lanes the queued recipients of broadcasts that were cancelled,
 * and withdraws their started ones that the provider has not seen yet (waiting for a slot).
 */
@ApplicationScoped
public class SendingEngine {

    private static final Logger LOG = Logger.getLogger(SendingEngine.class);
    private static final int CLAIM_GROUP = 100;
    private static final Duration CANCELLATION_CHECK = Duration.ofSeconds(1);
    static final Duration SHARE_EVERY = Duration.ofMillis(500);
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(20);

    private final BroadcastRepository broadcasts;
    private final RecipientSender sender;
    private final OutcomeBatcher batcher;
    private final BroadcastConfig config;
    private final Pool pool;
    private final Vertx vertx;
    private final Map<String, SendingLane> lanes = new ConcurrentHashMap<>();
    private final SendsInFlight inFlight;
    private volatile boolean stopping;
    /** Broadcasts held in a lane that were found no longer running. */
    private volatile Set<String> cancelled = Set.of();
    private final Queue<HandBack> handBacks = new ConcurrentLinkedQueue<>();
    private long renewTimer = -1;
    private long cancellationTimer = -1;
    private long shareTimer = -1;

    public SendingEngine(BroadcastRepository broadcasts, RecipientSender sender, OutcomeBatcher batcher, BroadcastConfig config,
                         Pool pool, Vertx vertx) {
        this.broadcasts = broadcasts;
        this.sender = sender;
        this.batcher = batcher;
        this.config = config;
        this.pool = pool;
        this.vertx = vertx;
        this.inFlight = new SendsInFlight(config.sendsInFlight());
    }

    void start(@Observes StartupEvent event) {
        requireLeaseOutlastingSends(config.sendingLease(), sender.longestSend());
        renewTimer = vertx.setPeriodic(Math.max(100, config.sendingLease().toMillis() / 4), id -> renewLeases());
        cancellationTimer = vertx.setPeriodic(CANCELLATION_CHECK.toMillis(), id -> dropCancelled());
        shareTimer = vertx.setPeriodic(SHARE_EVERY.toMillis(), id -> share());
    }

    /** A live sender's claim must never run out mid-send: the lease is longer than the longest send. */
    static void requireLeaseOutlastingSends(Duration lease, Duration longestSend) {
        if (lease.compareTo(longestSend) <= 0) {
            throw new IllegalStateException("floatchat.broadcast.sending-lease (" + lease + ") must be longer than the "
                    + "longest send: provider-timeout x send-attempts + the retries' backoff = " + longestSend);
        }
    }

    /** False while the account's lane is full (or the engine is stopping): take no record for it now. */
    public boolean hasRoom(String account) {
        if (stopping) {
            return false;
        }
        SendingLane lane = lanes.get(account);
        return lane == null || lane.hasRoom();
    }

    /** Recipients held by every lane, queued or started. */
    public int held() {
        return lanes.values().stream().mapToInt(SendingLane::held).sum();
    }

    /**
     * Claims the record's recipients (one statement per {@value #CLAIM_GROUP}) and queues them in their
     * account's lane; the number claimed. Those already claimed or finished (a redelivered record) are
     * left out. Fails — claiming nothing more — when the database does; the caller tries the record again.
     */
    public Uni<Integer> accept(Dispatch dispatch) {
        if (stopping) {
            return Uni.createFrom().failure(new IllegalStateException("the sending engine is stopping"));
        }
        List<Long> ids = dispatch.recipientIds().stream().distinct().toList();
        List<List<Long>> groups = new ArrayList<>();
        for (int from = 0; from < ids.size(); from += CLAIM_GROUP) {
            groups.add(ids.subList(from, Math.min(ids.size(), from + CLAIM_GROUP)));
        }
        return Multi.createFrom().iterable(groups)
                .onItem().transformToUniAndConcatenate(group -> {
                    long now = System.currentTimeMillis();
                    return broadcasts.claimRecipients(group, now, now + config.sendingLease().toMillis())
                            .invoke(claimed -> queue(dispatch, claimed));
                })
                .collect().asList()
                .map(claimed -> claimed.stream().mapToInt(List::size).sum());
    }

    private void queue(Dispatch dispatch, List<ClaimedRecipient> claimed) {
        if (claimed.isEmpty()) {
            return;
        }
        boolean[] created = {false};
        SendingLane lane = lanes.compute(dispatch.sendingAccount(), (account, existing) -> {
            SendingLane into = existing;
            if (into == null) {
                into = new SendingLane(account, config.laneCapacity(), config.sendConcurrency(), inFlight, this::send);
                created[0] = true;
            }
            into.enqueue(claimed, dispatch.dispatchedAt());
            return into;
        });
        if (created[0]) {
            // until the next share: no more than an even part of the budget (sharing at every new lane cost n log n each)
            lane.allowInFlight(Math.min(SendingLane.FIRST_CONCURRENCY, Math.max(1, inFlight.budget() / lanes.size())));
        }
        // the rate is cached: read for each record, a changed rate applies within seconds
        sender.messagesPerSecond(lane.account()).subscribe().with(rate -> {
            lane.paceAt(rate);
            lane.pump();
        }, unknown -> {
            LOG.debugf("the rate of %s could not be read (%s); its lane keeps its share", lane.account(), unknown.getMessage());
            lane.pump();
        });
    }

    /**
     * Sets every lane's share of the service's sends in flight from what each wants now (its rate and
     * its provider's answer time), by tenant and then by account, then pumps each: a lane the service's
     * bound stopped starts again.
     */
    private void share() {
        List<SendingLane> sharing = new ArrayList<>();
        for (SendingLane lane : lanes.values()) {
            if (lane.idle()) {
                // no work, no share: until the next one, what a new lane has
                lane.allowInFlight(SendingLane.FIRST_CONCURRENCY);
            } else {
                sharing.add(lane);
            }
        }
        int[] wants = new int[sharing.size()];
        long[] tenants = new long[sharing.size()];
        for (int i = 0; i < wants.length; i++) {
            SendingLane lane = sharing.get(i);
            int rate = lane.messagesPerSecond();
            wants[i] = rate < 0 ? SendingLane.FIRST_CONCURRENCY
                    : SendsInFlight.want(rate, sender.meanAnswerNanos(lane.account()), config.sendConcurrency());
            tenants[i] = lane.customerId();
        }
        int[] shares = SendsInFlight.shareByTenant(wants, tenants, inFlight.budget());
        for (int i = 0; i < shares.length; i++) {
            sharing.get(i).allowInFlight(shares[i]);
        }
        sharing.forEach(SendingLane::pump);
    }

    /** Sends started and not yet answered, in every lane. */
    public int sendsInFlight() {
        return inFlight.started();
    }

    private void send(SendingLane lane, SendingLane.Waiting waiting) {
        sender.send(waiting.recipient(), lane.account(), waiting.dispatchedAt(), this::withdrawn)
                .invoke(answered -> lane.answered(waiting))
                .flatMap(outcome -> outcome != null ? batcher.record(outcome) : withdraw(waiting.recipient()))
                .subscribe().with(recorded -> lane.finished(waiting), failure -> {
                    LOG.warnf("recipient %d: its send ended without an outcome (%s); sent again after its lease",
                            waiting.recipient().recipientId(), failure.getMessage());
                    lane.finished(waiting);
                });
    }

    /** A recipient whose broadcast was cancelled, or any while the engine stops, is not sent from its next admission on. */
    private boolean withdrawn(ClaimedRecipient recipient) {
        return stopping || cancelled.contains(recipient.broadcastId());
    }

    /**
     * A started recipient withdrawn before its provider saw it: cancelled with its broadcast, or —
     * the service stopping — handed back by {@link #drain} with the others, like the queued ones.
     */
    private Uni<?> withdraw(ClaimedRecipient recipient) {
        if (!stopping || cancelled.contains(recipient.broadcastId())) {
            return batcher.record(Outcome.cancelled(recipient));
        }
        CompletableFuture<Void> handedBack = new CompletableFuture<>();
        handBacks.add(new HandBack(recipient.ref(), handedBack));
        return Uni.createFrom().completionStage(handedBack);
    }

    /** A started recipient withdrawn while the engine stops; {@code done} once {@link #drain} handed it back. */
    private record HandBack(ClaimRef claim, CompletableFuture<Void> done) {
    }

    /** One statement for every lane's claims; a claim the database no longer gives this sender is not sent. */
    private void renewLeases() {
        List<ClaimRef> claims = new ArrayList<>();
        lanes.values().forEach(lane -> claims.addAll(lane.claims()));
        if (claims.isEmpty()) {
            return;
        }
        broadcasts.renewClaims(claims, System.currentTimeMillis() + config.sendingLease().toMillis())
                .subscribe().with(renewed -> {
                    Set<ClaimRef> asked = new HashSet<>(claims);
                    int lost = 0;
                    for (SendingLane lane : lanes.values()) {
                        lost += lane.removeQueuedNotRenewed(asked, renewed).size();
                    }
                    if (lost > 0) {
                        LOG.warnf("%d claimed recipients were taken over or ended while they waited; not sent here", lost);
                    }
                }, failure -> LOG.warnf("renewing %d claims failed, trying again in %d ms: %s", claims.size(),
                        config.sendingLease().toMillis() / 4, failure.getMessage()));
    }

    /**
     * Takes the queued recipients of broadcasts no longer running out of the lanes (recorded
     * cancelled), and has the started ones withdrawn at their next admission ({@link #withdrawn}).
     */
    private void dropCancelled() {
        Set<String> held = new HashSet<>();
        lanes.values().forEach(lane -> held.addAll(lane.heldBroadcasts()));
        // atomic with queue(): a lane that just took recipients is never dropped
        lanes.keySet().forEach(account -> lanes.computeIfPresent(account, (key, lane) -> lane.idle() ? null : lane));
        if (held.isEmpty()) {
            cancelled = Set.of();
            return;
        }
        broadcasts.notRunning(held).subscribe().with(notRunning -> {
            // a broadcast that stopped running never runs again: an answer to an older look, late, forgets none
            Set<String> stillHeld = new HashSet<>(cancelled);
            stillHeld.retainAll(held);
            stillHeld.addAll(notRunning);
            cancelled = stillHeld;
            if (notRunning.isEmpty()) {
                return;
            }
            for (SendingLane lane : lanes.values()) {
                for (SendingLane.Waiting waiting : lane.removeQueued(recipient -> notRunning.contains(recipient.broadcastId()))) {
                    batcher.record(Outcome.cancelled(waiting.recipient())).subscribe().with(done -> { });
                }
            }
        }, failure -> LOG.warnf("checking for cancelled broadcasts failed: %s", failure.getMessage()));
    }

    /**
     * A graceful stop (SIGTERM), after the dispatch consumer stopped taking records: hands back the
     * recipients that wait in a lane, and those started that are still waiting for their slot
     * ({@link #withdrawn}), PENDING again and dispatched at once, so they are sent by another sender
     * without waiting for a lease; then waits until every send the provider saw has its outcome
     * recorded, before the database pool closes: no message is left half-sent, none is sent twice.
     */
    void drain(@Observes @Priority(20) ShutdownEvent event) {
        stopping = true;
        vertx.cancelTimer(renewTimer);
        vertx.cancelTimer(cancellationTimer);
        vertx.cancelTimer(shareTimer);
        List<ClaimRef> queued = new ArrayList<>();
        lanes.values().forEach(lane -> lane.stop().forEach(waiting -> queued.add(waiting.recipient().ref())));
        handBack(queued, "had not started");
        long deadline = System.nanoTime() + DRAIN_TIMEOUT.toNanos();
        while (held() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
            handBackWithdrawn();
        }
        handBackWithdrawn();
        if (held() > 0) {
            LOG.warnf("stopping with %d sends unrecorded; they are dispatched again after their lease (%s)", held(),
                    config.sendingLease());
        }
    }

    /** The started recipients withdrawn since the last look, handed back in one statement; their sends then end. */
    private void handBackWithdrawn() {
        List<HandBack> due = new ArrayList<>();
        for (HandBack next = handBacks.poll(); next != null; next = handBacks.poll()) {
            due.add(next);
        }
        if (!due.isEmpty()) {
            handBack(due.stream().map(HandBack::claim).toList(), "were waiting for their slot");
            due.forEach(handedBack -> handedBack.done().complete(null));
        }
    }

    /** Claims released in one transaction: dispatched again at once, or ended CANCELLED with their broadcast. */
    private void handBack(List<ClaimRef> claims, String which) {
        if (claims.isEmpty()) {
            return;
        }
        try {
            int released = pool.withTransaction(transaction -> broadcasts.releaseClaims(transaction, claims,
                    System.currentTimeMillis())).await().atMost(Duration.ofSeconds(10));
            LOG.infof("stopping: %d of %d recipients that %s were handed back to be dispatched again", released, claims.size(),
                    which);
        } catch (RuntimeException e) {
            LOG.warnf("stopping: %d recipients that %s could not be handed back (%s); they are sent after their lease",
                    claims.size(), which, e.getMessage());
        }
    }
}
