package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HandedOffRunsTest {

    private final HandedOffRuns handedOff = new HandedOffRuns(3);

    @Test
    void atMostCapacityRunsWaitAndAnUnusedPlaceIsGivenBack() {
        assertThat(List.of(handedOff.reserve(), handedOff.reserve(), handedOff.reserve(), handedOff.reserve()))
                .containsExactly(true, true, true, false);
        handedOff.cancel();
        assertThat(handedOff.reserve()).as("the cancelled place").isTrue();
        assertThat(handedOff.reserve()).isFalse();
    }

    @Test
    void runsAreTakenOldestFirstUpToTheLimitAndTheirPlacesFreed() {
        handOff(run("c", 30), run("a", 10), run("b", 10));

        HandedOffRuns.Taken taken = handedOff.take(Long.MAX_VALUE, 2, 0);

        assertThat(taken.runs()).extracting(FlowRun::id).as("same millisecond: in the order handed over").containsExactly("a", "b");
        assertThat(taken.more()).isTrue();
        assertThat(handedOff.reserve()).as("two places freed").isTrue();
        assertThat(handedOff.reserve()).isTrue();
        assertThat(handedOff.reserve()).isFalse();
        assertThat(handedOff.take(Long.MAX_VALUE, 2, 0).runs()).extracting(FlowRun::id).containsExactly("c");
    }

    @Test
    void runsTriggeredAfterTheHorizonWait() {
        handOff(run("before", 10), run("at", 20), run("after", 21));

        HandedOffRuns.Taken taken = handedOff.take(20, 100, 0);

        assertThat(taken.runs()).extracting(FlowRun::id).containsExactly("before", "at");
        assertThat(taken.more()).isTrue();
        assertThat(handedOff.take(Long.MAX_VALUE, 100, 0).runs()).extracting(FlowRun::id).containsExactly("after");
    }

    @Test
    void runsWaitingSinceBeforeTheCutOffAreDroppedForTheTakeoverAndNeverReturned() {
        handOff(run("abandoned", 10), run("fresh", 50));

        HandedOffRuns.Taken taken = handedOff.take(Long.MAX_VALUE, 100, 40);

        assertThat(taken.runs()).extracting(FlowRun::id).containsExactly("fresh");
        assertThat(taken.abandoned()).isEqualTo(1);
        assertThat(taken.more()).isFalse();
        assertThat(handedOff.drain()).isEmpty();
        assertThat(List.of(handedOff.reserve(), handedOff.reserve(), handedOff.reserve())).as("every place free again")
                .containsOnly(true);
    }

    @Test
    void drainTakesEverythingWaiting() {
        handOff(run("a", 10), run("b", 20));

        assertThat(handedOff.drain()).extracting(FlowRun::id).containsExactlyInAnyOrder("a", "b");
        assertThat(handedOff.take(Long.MAX_VALUE, 100, 0).runs()).isEmpty();
    }

    private void handOff(FlowRun... runs) {
        for (FlowRun run : runs) {
            assertThat(handedOff.reserve()).isTrue();
            handedOff.add(run);
        }
    }

    private static FlowRun run(String id, long createdAt) {
        JsonNodeFactory json = JsonNodeFactory.instance;
        return new FlowRun(id, 1, "bot", "flow", "user", json.objectNode(), json.objectNode(), createdAt);
    }
}
