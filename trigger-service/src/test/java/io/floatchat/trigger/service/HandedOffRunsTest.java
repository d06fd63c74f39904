package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class HandedOffRunsTest {

    private static final int CHARS = 10;

    /** Three runs of 10 characters, or 100 characters, whichever is reached first. */
    private final HandedOffRuns handedOff = new HandedOffRuns(3, 100);

    @Test
    void atMostMaxRunsWaitAndAnUnusedPlaceIsGivenBack() {
        assertThat(List.of(reserve(), reserve(), reserve(), reserve())).containsExactly(true, true, true, false);
        handedOff.cancel(CHARS);
        assertThat(reserve()).as("the cancelled place").isTrue();
        assertThat(reserve()).isFalse();
    }

    @Test
    void runsWithLargeAttributesFillThePlacesByTheirSize() {
        assertThat(handedOff.reserve(60)).isTrue();
        assertThat(handedOff.reserve(41)).as("101 characters would wait").isFalse();
        assertThat(handedOff.reserve(40)).isTrue();
        handedOff.cancel(60);
        assertThat(handedOff.reserve(60)).as("its characters given back").isTrue();
    }

    @Test
    void runsAreTakenOldestFirstUpToTheLimitAndTheirPlacesFreed() {
        handOff(run("c", 30), run("a", 10), run("b", 10));

        HandedOffRuns.Taken taken = handedOff.take(Long.MAX_VALUE, 2, Set.of());

        assertThat(taken.runs()).extracting(FlowRun::id).as("same millisecond: in the order handed over").containsExactly("a", "b");
        assertThat(taken.more()).isTrue();
        assertThat(List.of(reserve(), reserve(), reserve())).as("two places freed").containsExactly(true, true, false);
        assertThat(handedOff.take(Long.MAX_VALUE, 2, Set.of()).runs()).extracting(FlowRun::id).containsExactly("c");
    }

    @Test
    void runsTriggeredAfterTheHorizonWait() {
        handOff(run("before", 10), run("at", 20), run("after", 21));

        HandedOffRuns.Taken taken = handedOff.take(20, 100, Set.of());

        assertThat(taken.runs()).extracting(FlowRun::id).containsExactly("before", "at");
        assertThat(taken.more()).isTrue();
        assertThat(handedOff.take(Long.MAX_VALUE, 100, Set.of()).runs()).extracting(FlowRun::id).containsExactly("after");
    }

    @Test
    void runsOfABotThatHoldsItsShareWaitWhileOtherBotsRunsAreTaken() {
        handOff(run("full-bot", "held", 10), run("other-bot", "taken", 20));

        HandedOffRuns.Taken taken = handedOff.take(Long.MAX_VALUE, 100, Set.of("full-bot"));

        assertThat(taken.runs()).extracting(FlowRun::id).containsExactly("taken");
        assertThat(taken.more()).as("nothing left that a round could take now").isFalse();
        assertThat(handedOff.waiting()).extracting(FlowRun::id).containsExactly("held");
    }

    @Test
    void runsTakenOverByAnotherExecutorAreDroppedAndTheirPlacesFreed() {
        handOff(run("lost", 10), run("kept", 50));

        assertThat(handedOff.forget(Set.of("lost/0", "kept/7", "finished-elsewhere/0"))).isEqualTo(1);

        assertThat(handedOff.take(Long.MAX_VALUE, 100, Set.of()).runs()).extracting(FlowRun::id).containsExactly("kept");
        assertThat(List.of(reserve(), reserve(), reserve())).as("every place free again").containsOnly(true);
    }

    @Test
    void drainTakesEverythingWaitingAndFreesTheirPlaces() {
        handOff(run("a", 10), run("b", 20), run("c", 30));

        assertThat(handedOff.drain()).extracting(FlowRun::id).containsExactlyInAnyOrder("a", "b", "c");
        assertThat(handedOff.take(Long.MAX_VALUE, 100, Set.of()).runs()).isEmpty();
        assertThat(List.of(reserve(), reserve(), reserve())).containsOnly(true);
    }

    private boolean reserve() {
        return handedOff.reserve(CHARS);
    }

    private void handOff(FlowRun... runs) {
        for (FlowRun run : runs) {
            assertThat(reserve()).isTrue();
            handedOff.add(run, CHARS);
        }
    }

    private static FlowRun run(String id, long createdAt) {
        return run("bot", id, createdAt);
    }

    private static FlowRun run(String botKey, String id, long createdAt) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return new FlowRun(id, 1, botKey, "flow", "user", json.objectNode(), json.objectNode(), createdAt);
    }
}
