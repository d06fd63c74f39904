package io.floatchat.broadcast.service;

import io.floatchat.broadcast.repository.BroadcastRepository.Outcome;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventProcessing;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gathers the outcomes of every lane into groups of up to {@value #GROUP}, each recorded in one
 * transaction (bench/broadcast: one transaction per outcome was most of PostgreSQL's time). A group
 * goes when it is full or {@value #LINGER_MILLIS} ms after its first outcome, whichever comes first.
 */
@ApplicationScoped
public class OutcomeBatcher {

    private static final Logger LOG = Logger.getLogger(OutcomeBatcher.class);
    static final int GROUP = 100;
    static final long LINGER_MILLIS = 20;

    private final OutcomeRecorder recorder;
    private final Vertx vertx;
    private List<Waiting> waiting = new ArrayList<>();
    private long timer = -1;

    public OutcomeBatcher(OutcomeRecorder recorder, Vertx vertx) {
        this.recorder = recorder;
        this.vertx = vertx;
    }

    /** Completes once the outcome is recorded (or, failing for good, logged: its claim then expires and is sent again). */
    public Uni<Void> record(Outcome outcome) {
        CompletableFuture<Void> recorded = new CompletableFuture<>();
        List<Waiting> full = null;
        synchronized (this) {
            waiting.add(new Waiting(outcome, recorded));
            if (waiting.size() >= GROUP) {
                full = take();
            } else if (timer < 0) {
                timer = vertx.setTimer(LINGER_MILLIS, id -> {
                    List<Waiting> due;
                    synchronized (this) {
                        timer = -1;
                        due = take();
                    }
                    flush(due);
                });
            }
        }
        if (full != null) {
            flush(full);
        }
        return Uni.createFrom().completionStage(recorded);
    }

    private List<Waiting> take() {
        List<Waiting> group = waiting;
        waiting = new ArrayList<>();
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
        return group;
    }

    private void flush(List<Waiting> group) {
        if (group.isEmpty()) {
            return;
        }
        List<Outcome> outcomes = group.stream().map(Waiting::outcome).toList();
        EventProcessing.process(LOG, Topics.BROADCAST_DISPATCH, outcomes.size() + " outcomes", () -> recorder.record(outcomes))
                .subscribe().with(done -> group.forEach(one -> one.recorded().complete(null)),
                        failure -> group.forEach(one -> one.recorded().complete(null)));
    }

    private record Waiting(Outcome outcome, CompletableFuture<Void> recorded) {
    }
}
