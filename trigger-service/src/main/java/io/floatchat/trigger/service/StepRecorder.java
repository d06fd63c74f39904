package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.events.OutboxEvent;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.floatchat.trigger.repository.RunRepository.StepRecord;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one way a step's result is saved: the run's steps so far, its status, and the event the step
 * emits (through the outbox), in one transaction, and only while the run is still held under the
 * claim it was executed with — an executor whose lease ran out learns it here, and its result is not
 * recorded over the replica that took the run over.
 *
 * <p>Results are committed in groups: the first waits {@code LINGER} (5 ms) for others, and while one
 * transaction is open the results that arrive wait and go together in the next, so a busy executor
 * commits many steps at a time and an idle one each within 5 ms. A group the database refuses is saved again one result at a time, so one
 * bad row fails only its own run.
 */
@ApplicationScoped
public class StepRecorder {

    private static final int MOST_PER_TRANSACTION = 500;
    private static final Duration LINGER = Duration.ofMillis(5);
    /** Well inside a run's lease (at least twice the longest step, checked at start). */
    private static final Duration COMMIT_DEADLINE = Duration.ofSeconds(20);

    private final Pool pool;
    private final RunRepository runs;
    private final Outbox outbox;
    private final List<Pending> pending = new ArrayList<>();
    private boolean committing;

    public StepRecorder(Pool pool, RunRepository runs, Outbox outbox) {
        this.pool = pool;
        this.runs = runs;
        this.outbox = outbox;
    }

    /**
     * Saves the run's steps so far and its status ({@code finishedAt} when it ended), with the step's
     * event (null: none). The item is false when the run is no longer held under its claim (nothing saved).
     */
    public Uni<Boolean> record(FlowRun run, JsonNode steps, String status, Long finishedAt, OutboxEvent event) {
        StepRecord record = new StepRecord(run, steps, status, finishedAt);
        return Uni.createFrom().emitter(emitter -> {
            boolean start;
            synchronized (this) {
                pending.add(new Pending(record, event, emitter));
                start = !committing;
                committing = true;
            }
            if (start) {
                // the first result waits a moment for others: a statement per result was PostgreSQL's
                // busiest work under a stream of webhook flows (bench/trigger)
                Uni.createFrom().voidItem().onItem().delayIt().by(LINGER).subscribe().with(lingered -> commitNext());
            }
        });
    }

    private void commitNext() {
        List<Pending> group;
        synchronized (this) {
            if (pending.isEmpty()) {
                committing = false;
                return;
            }
            int size = Math.min(pending.size(), MOST_PER_TRANSACTION);
            group = new ArrayList<>(pending.subList(0, size));
            pending.subList(0, size).clear();
        }
        commit(group)
                // a group the database refused, one at a time; not one that timed out (each would wait as long)
                .onFailure(failure -> group.size() > 1 && !(failure instanceof CommitTimedOut))
                .recoverWithUni(failure -> oneAtATime(group))
                .subscribe().with(done -> commitNext(), failure -> {
                    group.forEach(entry -> entry.emitter().fail(failure));
                    commitNext();
                });
    }

    /**
     * The group in one transaction — or, when no result emits an event, in one statement, which is
     * atomic by itself (a webhook-only flow's result costs one round trip, not three: bench/trigger);
     * each result's caller learns whether it was saved.
     */
    private Uni<Void> commit(List<Pending> group) {
        List<StepRecord> records = group.stream().map(Pending::record).toList();
        boolean anyEvent = group.stream().anyMatch(entry -> entry.event() != null);
        Uni<Set<String>> committed = !anyEvent ? runs.record(pool, records)
                : pool.withTransaction(transaction -> runs.record(transaction, records).flatMap(saved -> {
                    List<OutboxEvent> events = group.stream()
                            .filter(entry -> entry.event() != null && saved.contains(entry.record().run().id()))
                            .map(Pending::event).toList();
                    return outbox.appendAll(transaction, events).replaceWith(saved);
                }));
        // a connection that hangs fails its group here, so its runs end and are taken over after their
        // lease instead of holding every later result; a commit that lands after all is where they resume
        return committed.ifNoItem().after(COMMIT_DEADLINE).failWith(() -> new CommitTimedOut(
                        "saving " + group.size() + " step results took over " + COMMIT_DEADLINE.toSeconds() + " s"))
                .invoke(saved -> group.forEach(entry -> entry.emitter().complete(saved.contains(entry.record().run().id()))))
                .replaceWithVoid();
    }

    private Uni<Void> oneAtATime(List<Pending> group) {
        Uni<Void> chain = Uni.createFrom().voidItem();
        for (Pending entry : group) {
            chain = chain.flatMap(previous -> commit(List.of(entry))
                    .onFailure().invoke(failure -> entry.emitter().fail(failure))
                    .onFailure().recoverWithNull());
        }
        return chain;
    }

    private record Pending(StepRecord record, OutboxEvent event, UniEmitter<? super Boolean> emitter) {
    }

    private static final class CommitTimedOut extends RuntimeException {
        CommitTimedOut(String message) {
            super(message, null, false, false);
        }
    }
}
