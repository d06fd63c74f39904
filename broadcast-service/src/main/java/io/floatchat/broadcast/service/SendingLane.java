package io.floatchat.broadcast.service;

import io.floatchat.broadcast.repository.BroadcastRepository.ClaimRef;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One sending account's work: the recipients claimed for it, waiting in a queue; at most its
 * concurrency of them in a send; and those answered whose outcome is being recorded. A
 * recipient's slot is freed when the provider answers, not when the outcome is recorded: recording
 * lingers up to {@link OutcomeBatcher#LINGER_MILLIS} to group outcomes, and 64 slots each held that
 * much longer capped an account at ~830 sends/s (bench/broadcast). An account whose
 * provider is slow fills only its own lane; the dispatch consumer stops taking records for an account
 * whose lane is full ({@link #hasRoom}) and goes on with every other account's.
 * <p>
 * How many may be in a send at once is the lane's share of the service's sends in flight
 * ({@link SendsInFlight}), set from the account's rate and its provider's answer time: a provider
 * far away answers in a few hundred milliseconds, and a 1,000/s account with one pool of 50
 * connections for the whole service reached 250/s against answers taking 200 ms (bench/broadcast).
 */
final class SendingLane {

    /** How a lane hands a recipient on: sends it and records its outcome, completing when recorded. */
    interface Worker {
        void send(SendingLane lane, Waiting waiting);
    }

    /** A recipient waiting in the lane, with the time its dispatch record was published. */
    record Waiting(ClaimedRecipient recipient, long dispatchedAt) {
    }

    private final String account;
    /** Before the lane's first share. */
    static final int FIRST_CONCURRENCY = 64;

    private final int capacity;
    private final int mostConcurrency;
    private final SendsInFlight inFlight;
    private int concurrency;
    private int messagesPerSecond = -1;
    private long customerId;
    private final Worker worker;
    private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
    /**
     * In a send, by entry: a recipient claimed again (its lease ran out) while its earlier claim is still
     * in a send is another entry, and each leaves on its own.
     */
    private final Set<Waiting> started = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Answered, its outcome not yet recorded (its claim still held, and renewed), by entry. */
    private final Set<Waiting> recording = Collections.newSetFromMap(new IdentityHashMap<>());
    private boolean stopped;
    private boolean pumping;
    /** Stopped by the service's bound and waiting in {@link SendsInFlight#waitForRoom}. */
    private boolean waitingForRoom;

    SendingLane(String account, int capacity, int mostConcurrency, SendsInFlight inFlight, Worker worker) {
        this.account = account;
        this.capacity = capacity;
        this.mostConcurrency = mostConcurrency;
        this.inFlight = inFlight;
        this.concurrency = Math.min(FIRST_CONCURRENCY, mostConcurrency);
        this.worker = worker;
    }

    String account() {
        return account;
    }

    /** The account's rate, as last read; -1 before. */
    synchronized void paceAt(int messagesPerSecond) {
        this.messagesPerSecond = messagesPerSecond;
    }

    synchronized int messagesPerSecond() {
        return messagesPerSecond;
    }

    /** The customer (tenant) the account sends for. */
    synchronized long customerId() {
        return customerId;
    }

    /** The lane's share: at most this many in a send at once (at least one, at most the most configured). */
    synchronized void allowInFlight(int sends) {
        concurrency = Math.max(1, Math.min(sends, mostConcurrency));
    }

    synchronized int concurrency() {
        return concurrency;
    }

    synchronized boolean hasRoom() {
        return !stopped && held() < capacity;
    }

    synchronized boolean idle() {
        return queue.isEmpty() && started.isEmpty() && recording.isEmpty();
    }

    synchronized int held() {
        return queue.size() + started.size() + recording.size();
    }

    /** Queues the recipients; {@link #pump} starts them. */
    synchronized void enqueue(List<ClaimedRecipient> claimed, long dispatchedAt) {
        claimed.forEach(recipient -> queue.add(new Waiting(recipient, dispatchedAt)));
        // an account sends for one bot, so for one customer
        customerId = claimed.get(claimed.size() - 1).customerId();
    }

    /** Called by the worker once the provider answered (or the send gave up): its slot goes to the next recipient. */
    void answered(Waiting waiting) {
        boolean freedASlot;
        synchronized (this) {
            freedASlot = started.remove(waiting);
            if (freedASlot) {
                recording.add(waiting);
                inFlight.ended();
            }
        }
        pump();
        if (freedASlot) {
            inFlight.wakeOne();
        }
    }

    /** Called by the worker once a recipient's outcome is recorded (or could not be). */
    void finished(Waiting waiting) {
        boolean freedASlot;
        synchronized (this) {
            recording.remove(waiting);
            freedASlot = started.remove(waiting);
        }
        if (freedASlot) {
            inFlight.ended();
            pump();
            inFlight.wakeOne();
        }
    }

    /** Every claim the lane holds, queued or started: the ones whose lease is renewed. */
    synchronized List<ClaimRef> claims() {
        List<ClaimRef> claims = new ArrayList<>(held());
        queue.forEach(waiting -> claims.add(waiting.recipient().ref()));
        started.forEach(waiting -> claims.add(waiting.recipient().ref()));
        recording.forEach(waiting -> claims.add(waiting.recipient().ref()));
        return claims;
    }

    /** The broadcasts of the recipients waiting to start or in a send. */
    synchronized Set<String> heldBroadcasts() {
        Set<String> ids = new HashSet<>();
        queue.forEach(waiting -> ids.add(waiting.recipient().broadcastId()));
        started.forEach(waiting -> ids.add(waiting.recipient().broadcastId()));
        return ids;
    }

    /** Takes the queued recipients that match out of the lane (a cancelled broadcast's, claims lost). */
    synchronized List<Waiting> removeQueued(Predicate<ClaimedRecipient> which) {
        List<Waiting> removed = new ArrayList<>();
        for (Iterator<Waiting> it = queue.iterator(); it.hasNext(); ) {
            Waiting waiting = it.next();
            if (which.test(waiting.recipient())) {
                removed.add(waiting);
                it.remove();
            }
        }
        return removed;
    }

    /**
     * After a renewal that asked for {@code asked} and got {@code renewed} (recipient ids): takes out the
     * queued recipients it asked for and did not get — taken over or ended. A recipient queued after the
     * renewal was asked for is not among them: its fresh claim was never part of it (dropping it would
     * leave it claimed by nobody until its lease ran out — measured: a broadcast stalled 5 minutes).
     */
    synchronized List<Waiting> removeQueuedNotRenewed(Set<ClaimRef> asked, Set<Long> renewed) {
        return removeQueued(recipient -> asked.contains(recipient.ref()) && !renewed.contains(recipient.recipientId()));
    }

    /** Starts nothing more; returns what was queued, for the caller to hand back. */
    synchronized List<Waiting> stop() {
        stopped = true;
        List<Waiting> queued = new ArrayList<>(queue);
        queue.clear();
        return queued;
    }

    /**
     * Starts queued recipients while fewer than {@code concurrency} are started. One loop at a time: a
     * send that is answered at once (the sandbox) calls {@link #answered} inside {@code worker.send},
     * and a nested loop per recipient would recurse once per queued recipient; instead the running
     * loop sees the freed slot at its next check (state changes before a pump, under the same lock).
     * True when it started a send, or another pump of the lane is running.
     */
    boolean pump() {
        synchronized (this) {
            if (pumping) {
                return true;
            }
            pumping = true;
        }
        boolean startedOne = false;
        while (true) {
            Waiting next;
            synchronized (this) {
                if (stopped || started.size() >= concurrency || queue.isEmpty()) {
                    pumping = false;
                    return startedOne;
                }
                if (!inFlight.tryStart()) {
                    pumping = false;
                    if (!waitingForRoom) {
                        waitingForRoom = true;
                        inFlight.waitForRoom(this::roomFreed);
                    }
                    return startedOne;
                }
                next = queue.poll();
                started.add(next);
                startedOne = true;
            }
            try {
                worker.send(this, next);
            } catch (RuntimeException e) {
                // this recipient's alone: its claim runs out and it is dispatched again; the loop goes on
                boolean freedASlot;
                synchronized (this) {
                    freedASlot = started.remove(next);
                    if (freedASlot) {
                        inFlight.ended();
                    }
                }
                if (freedASlot) {
                    inFlight.wakeOne();
                }
            }
        }
    }

    /** The service's bound has room again: the lane it stopped starts what it can; whether it started one. */
    private boolean roomFreed() {
        synchronized (this) {
            waitingForRoom = false;
        }
        return pump();
    }
}
