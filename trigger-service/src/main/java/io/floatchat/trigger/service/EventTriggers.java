package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.trigger.repository.FlowRepository;
import io.floatchat.trigger.repository.FlowRepository.StoredFlow;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the flows an event triggers, once per event: each run's id derives from the bot, the event id
 * and the flow, so a redelivered event finds its runs already stored.
 */
@ApplicationScoped
public class EventTriggers {

    private final Pool pool;
    private final FlowRepository flows;
    private final RunRepository runs;
    private final RunPoller poller;

    public EventTriggers(Pool pool, FlowRepository flows, RunRepository runs, RunPoller poller) {
        this.pool = pool;
        this.flows = flows;
        this.runs = runs;
        this.poller = poller;
    }

    /** How many flows the event started (0 when it ran none, or ran them before). */
    public Uni<Integer> start(String triggerType, String on, String eventId, long customerId, String botKey, String userId,
                              ObjectNode attributes) {
        return startAll(triggerType, List.of(new TriggeringEvent(on, eventId, customerId, botKey, userId, attributes)));
    }

    /**
     * The flows a batch of events start, in one transaction; each bot's flows for an event name are
     * looked up once for the batch. How many runs started (0 when none, or when they ran before).
     */
    public Uni<Integer> startAll(String triggerType, List<TriggeringEvent> events) {
        long now = System.currentTimeMillis();
        Set<FlowSelector> selectors = new LinkedHashSet<>();
        events.forEach(event -> selectors.add(event.selector()));
        Map<FlowSelector, List<StoredFlow>> matching = new HashMap<>();
        return Multi.createFrom().iterable(selectors)
                .onItem().transformToUniAndConcatenate(selector -> flows.triggeredBy(selector.customerId(), selector.botKey(),
                        triggerType, selector.on()).invoke(found -> matching.put(selector, found)))
                .collect().last()
                .flatMap(looked -> {
                    List<FlowRun> started = events.stream().flatMap(event -> matching.get(event.selector()).stream()
                            .map(flow -> new FlowRun(runId(event.botKey(), event.eventId(), flow.flowKey()), event.customerId(),
                                    event.botKey(), flow.flowKey(), event.userId(), event.attributes(), flow.definition(), now)))
                            .toList();
                    if (started.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return pool.withTransaction(transaction -> {
                        Uni<Void> chain = Uni.createFrom().voidItem();
                        for (FlowRun run : started) {
                            chain = chain.flatMap(done -> runs.insert(transaction, run));
                        }
                        return chain;
                    }).invoke(poller::wakeUp).replaceWith(started.size());
                });
    }

    /** An event that may start flows: its name ({@code on}), its id, whose it is, and the run's attributes. */
    public record TriggeringEvent(String on, String eventId, long customerId, String botKey, String userId,
                                  ObjectNode attributes) {

        FlowSelector selector() {
            return new FlowSelector(customerId, botKey, on);
        }
    }

    private record FlowSelector(long customerId, String botKey, String on) {
    }

    static String runId(String botKey, String eventId, String flowKey) {
        return "run_e" + IdempotencyKeys.requestHash(botKey + "\n" + eventId + "\n" + flowKey).substring(0, 31);
    }

}
