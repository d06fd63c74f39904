package io.floatchat.broadcast.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.repository.BroadcastRepository.Outcome;
import io.floatchat.common.events.BroadcastEvent;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.OutboxEvent;
import io.floatchat.common.outbox.Outbox;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Records a group of sends in one transaction: each recipient's outcome, its {@code message.*}
 * event and, for a sent message, the OUTBOUND message for the history; then completes the
 * broadcasts that have nobody left to send.
 */
@ApplicationScoped
public class OutcomeRecorder {

    private final Pool pool;
    private final BroadcastRepository broadcasts;
    private final Outbox outbox;
    private final BroadcastMetrics metrics;

    public OutcomeRecorder(Pool pool, BroadcastRepository broadcasts, Outbox outbox, BroadcastMetrics metrics) {
        this.pool = pool;
        this.broadcasts = broadcasts;
        this.outbox = outbox;
        this.metrics = metrics;
    }

    public Uni<Void> record(List<Outcome> outcomes) {
        long now = System.currentTimeMillis();
        return pool.withTransaction(transaction -> broadcasts.recordOutcomes(transaction, outcomes, now)
                        .call(recorded -> outbox.appendAll(transaction, announcements(outcomes, recorded, now)))
                        .call(recorded -> completeFinished(transaction, outcomes, now)))
                .invoke(recorded -> {
                    outcomes.stream().filter(outcome -> !outcome.cancelled() && recorded.contains(outcome.recipient().recipientId()))
                            .forEach(outcome -> metrics.recipientReached(outcome.status()));
                })
                .replaceWithVoid();
    }

    private List<OutboxEvent> announcements(List<Outcome> outcomes, Set<Long> recorded, long now) {
        List<OutboxEvent> entries = new ArrayList<>(outcomes.size() * 2);
        for (Outcome outcome : outcomes) {
            ClaimedRecipient claimed = outcome.recipient();
            if (outcome.cancelled() || !recorded.contains(claimed.recipientId())) {
                continue;
            }
            boolean sent = outcome.result().isSent();
            String type = sent ? BroadcastEvent.MESSAGE_SENT : BroadcastEvent.MESSAGE_FAILED;
            entries.add(new BroadcastEvent(type + "-" + claimed.recipientId(), type, claimed.customerId(), claimed.botKey(),
                    claimed.broadcastId(), claimed.userId(), outcome.result().providerMessageId(), outcome.result().errorCode(),
                    outcome.result().errorMessage(), now));
            if (sent) {
                JsonNode message = claimed.message();
                entries.add(new MessageEvent("sent-" + claimed.recipientId(), claimed.customerId(), claimed.botKey(),
                        claimed.userId(), claimed.channel(), outcome.result().providerMessageId(), Direction.OUTBOUND,
                        message.path("type").asText(), message.path("text").isTextual() ? message.path("text").asText() : null,
                        message, now, claimed.broadcastId(), null));
            }
        }
        return entries;
    }

    /** In broadcast id order, so two recorders that lock the same broadcasts' rows never wait on each other in a cycle. */
    private Uni<Void> completeFinished(SqlClient transaction, List<Outcome> outcomes, long now) {
        Map<String, ClaimedRecipient> byBroadcast = new TreeMap<>();
        Map<String, Long> lastRecorded = new HashMap<>();
        for (Outcome outcome : outcomes) {
            ClaimedRecipient claimed = outcome.recipient();
            byBroadcast.putIfAbsent(claimed.broadcastId(), claimed);
            lastRecorded.merge(claimed.broadcastId(), claimed.recipientId(), Math::max);
        }
        return Multi.createFrom().iterable(byBroadcast.values())
                .onItem().transformToUniAndConcatenate(claimed -> broadcasts.completeIfDone(transaction, claimed.broadcastId(),
                                lastRecorded.get(claimed.broadcastId()), now)
                        .flatMap(completed -> !completed ? Uni.createFrom().voidItem()
                                : outbox.append(transaction, new BroadcastEvent("completed-" + claimed.broadcastId(), BroadcastEvent.BROADCAST_COMPLETED,
                                        claimed.customerId(), claimed.botKey(), claimed.broadcastId(), null, null, null,
                                        null, now))))
                .collect().last()
                .replaceWithVoid();
    }
}
