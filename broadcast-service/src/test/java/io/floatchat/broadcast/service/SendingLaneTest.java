package io.floatchat.broadcast.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimRef;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class SendingLaneTest {

    @Test
    void aLaneHasItsShareInASendAtOnceUpToTheMostConfigured() {
        List<SendingLane.Waiting> sending = new ArrayList<>();
        SendingLane lane = new SendingLane("whatsapp:555", 100, 5, new SendsInFlight(100), (which, waiting) -> sending.add(waiting));
        lane.enqueue(recipients(1, 10), 0);

        lane.allowInFlight(3);
        lane.pump();
        assertThat(sending).hasSize(3);

        lane.allowInFlight(1_000);
        lane.pump();
        assertThat(sending).hasSize(5);
        assertThat(lane.concurrency()).isEqualTo(5);

        lane.allowInFlight(0);
        assertThat(lane.concurrency()).isEqualTo(1);
    }

    @Test
    void noLaneStartsASendOnceTheServiceHasTwiceItsBudgetStartedAndAnAnswerStartsTheLaneThatWaitedForRoom() {
        SendsInFlight service = new SendsInFlight(2);
        List<SendingLane.Waiting> sending = new ArrayList<>();
        SendingLane first = new SendingLane("whatsapp:1", 100, 10, service, (which, waiting) -> sending.add(waiting));
        SendingLane second = new SendingLane("whatsapp:2", 100, 10, service, (which, waiting) -> sending.add(waiting));
        first.allowInFlight(10);
        second.allowInFlight(10);
        first.enqueue(recipients(1, 3), 0);
        second.enqueue(recipients(11, 3), 0);

        first.pump();
        second.pump();
        assertThat(sending).hasSize(4);
        assertThat(service.started()).isEqualTo(4);

        // the first lane has nothing left to start: the answer's room goes to the second, without waiting for a share
        first.answered(sending.get(0));
        assertThat(sending).hasSize(5);
        assertThat(sending.get(4).recipient().recipientId()).isEqualTo(12);
        assertThat(service.started()).isEqualTo(4);
        // stopped by the bound again, it waits again: the next answer starts its last
        first.answered(sending.get(1));
        assertThat(sending).hasSize(6);
        assertThat(sending.get(5).recipient().recipientId()).isEqualTo(13);
        assertThat(service.started()).isEqualTo(4);
    }

    @Test
    void aSendAnsweredAtOnceWakesTheNextWaitingLaneWithoutNestingAWakeUpPerLane() {
        SendsInFlight service = new SendsInFlight(1);
        List<Integer> stackDepths = new ArrayList<>();
        SendingLane.Worker answersAtOnce = (lane, waiting) -> {
            stackDepths.add(Thread.currentThread().getStackTrace().length);
            lane.answered(waiting);
            lane.finished(waiting);
        };
        List<SendingLane.Waiting> holding = new ArrayList<>();
        SendingLane holder = new SendingLane("whatsapp:0", 100, 10, service, (lane, waiting) -> holding.add(waiting));
        holder.allowInFlight(10);
        holder.enqueue(recipients(1, 2), 0);
        holder.pump();
        assertThat(service.started()).as("twice the budget").isEqualTo(2);
        List<SendingLane> waitingLanes = new ArrayList<>();
        for (int i = 1; i <= 200; i++) {
            SendingLane lane = new SendingLane("whatsapp:" + i, 100, 10, service, answersAtOnce);
            lane.enqueue(recipients(1_000L * i, 1), 0);
            lane.pump();
            waitingLanes.add(lane);
        }
        assertThat(stackDepths).isEmpty();

        // one answer frees one place: each waiting lane, answered at once, passes it on to the next
        holder.answered(holding.get(0));

        assertThat(waitingLanes).allMatch(SendingLane::idle);
        assertThat(stackDepths).hasSize(200);
        assertThat(stackDepths.get(199)).as("the last lane's send is no deeper in the stack than the first's")
                .isEqualTo(stackDepths.get(0));
    }

    @Test
    void aRenewalTakesOutOnlyTheClaimsItAskedForAndDidNotGetNeverOnesQueuedWhileItRan() {
        SendingLane lane = new SendingLane("whatsapp:555", 100, 1, new SendsInFlight(100), (which, waiting) -> {
        });
        lane.enqueue(List.of(recipient(1, 1), recipient(2, 1)), 0);
        Set<ClaimRef> asked = new HashSet<>(lane.claims());
        // while the renewal runs: a new claim is queued, and recipient 1's claim (taken over) is claimed here again
        lane.enqueue(List.of(recipient(3, 1), recipient(1, 2)), 0);

        List<SendingLane.Waiting> lost = lane.removeQueuedNotRenewed(asked, Set.of(2L));

        assertThat(lost).extracting(waiting -> waiting.recipient().ref()).containsExactly(new ClaimRef(1, 1));
        assertThat(lane.claims()).containsExactlyInAnyOrder(new ClaimRef(2, 1), new ClaimRef(3, 1), new ClaimRef(1, 2));
    }

    private static List<ClaimedRecipient> recipients(long first, int count) {
        List<ClaimedRecipient> claimed = new ArrayList<>();
        for (long id = first; id < first + count; id++) {
            claimed.add(recipient(id, 1));
        }
        return claimed;
    }

    private static ClaimedRecipient recipient(long id, int claim) {
        return new ClaimedRecipient(id, claim, "9198" + id, "bc_lane", 10001, "bot-lane", "whatsapp",
                JsonNodeFactory.instance.objectNode().put("type", "text").put("text", "hi"), null);
    }
}
