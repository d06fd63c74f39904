package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RunSlotsTest {

    private final List<String> started = new ArrayList<>();

    @Test
    void aBotWhoseSlotsAreFullWaitsWhileAnotherBotsRunsStart() {
        RunSlots slots = new RunSlots(10, 2);
        FlowRun a1 = run("slow", "u1", "a1");
        offer(slots, a1, run("slow", "u2", "a2"), run("slow", "u3", "a3"), run("slow", "u4", "a4"), run("other", "v1", "b1"));

        assertThat(started).containsExactly("a1", "a2", "b1");
        assertThat(slots.inFlight("slow")).isEqualTo(2);

        slots.ended(a1, run -> started.add(run.id()));
        assertThat(started).containsExactly("a1", "a2", "b1", "a3");
        assertThat(slots.heldCount()).as("a2, a3, a4 and b1").isEqualTo(4);
    }

    @Test
    void oneUsersRunsStartOneAfterAnotherInTheOrderOffered() {
        RunSlots slots = new RunSlots(10, 5);
        FlowRun first = run("bot", "u1", "first");
        FlowRun second = run("bot", "u1", "second");
        offer(slots, first, second, run("bot", "u2", "other-user"));

        assertThat(started).containsExactly("first", "other-user");
        slots.ended(first, run -> started.add(run.id()));
        assertThat(started).containsExactly("first", "other-user", "second");
    }

    @Test
    void theReplicasCapHoldsAndBotsTakeTurns() {
        FlowRun a1 = run("a", "u1", "a1");
        List<FlowRun> runs = List.of(a1, run("a", "u2", "a2"), run("a", "u3", "a3"), run("a", "u4", "a4"), run("b", "v1", "b1"));
        RunSlots full = new RunSlots(3, 3);
        offerAll(full, runs);

        assertThat(started).as("a's first three were offered first").containsExactly("a1", "a2", "a3");
        started.clear();
        full.ended(a1, run -> started.add(run.id()));
        assertThat(started).as("then the bots in turn: b waited longer than a's next").containsExactly("b1");
        assertThat(full.inFlight()).isEqualTo(3);
    }

    @Test
    void runsNoLongerThisReplicasAreDroppedBeforeTheyStartButARunInFlightIsLeftToEnd() {
        RunSlots slots = new RunSlots(10, 1);
        FlowRun running = run("bot", "u1", "running");
        offer(slots, running, run("bot", "u2", "lost"), run("bot", "u3", "kept"));

        assertThat(slots.forget(Set.of("running/0", "lost/0", "kept/1", "finished-elsewhere/0"))).isEqualTo(1);

        assertThat(slots.held()).extracting(FlowRun::id).containsExactlyInAnyOrder("running", "kept");
        slots.ended(running, run -> started.add(run.id()));
        assertThat(started).containsExactly("running", "kept");
    }

    @Test
    void aStoppingReplicaTakesOutWhatWaitsAndNothingStartsAfter() {
        RunSlots slots = new RunSlots(10, 1);
        FlowRun running = run("bot", "u1", "running");
        offer(slots, running, run("bot", "u1", "same-user"), run("bot", "u2", "other-user"));

        assertThat(slots.drainWaiting()).extracting(FlowRun::id).containsExactlyInAnyOrder("same-user", "other-user");

        slots.ended(running, run -> started.add(run.id()));
        assertThat(started).containsExactly("running");
        assertThat(slots.heldCount()).isZero();
        assertThat(slots.held()).isEmpty();
    }

    @Test
    void botsHoldingTheirShareAreNamedForTheClaimToSkip() {
        RunSlots slots = new RunSlots(10, 1);
        offer(slots, run("big", "u1", "b1"), run("big", "u2", "b2"), run("big", "u3", "b3"), run("small", "v1", "s1"));

        assertThat(slots.botsHolding(3)).containsExactly("big");
        assertThat(slots.botsHolding(1)).containsExactlyInAnyOrder("big", "small");
    }

    private void offer(RunSlots slots, FlowRun... runs) {
        offerAll(slots, List.of(runs));
    }

    private void offerAll(RunSlots slots, List<FlowRun> runs) {
        runs.forEach(run -> slots.offer(run, startedRun -> started.add(startedRun.id())));
    }

    private static FlowRun run(String botKey, String userId, String id) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return new FlowRun(id, 1, botKey, "flow", userId, json.objectNode(), json.objectNode(), 0);
    }
}
