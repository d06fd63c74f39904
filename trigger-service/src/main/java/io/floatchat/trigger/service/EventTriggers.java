package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.trigger.repository.FlowRepository;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

/**
 * Runs the flows an event triggers, once per event: each run's id derives from the bot, the event id
 * and the flow, so a redelivered event finds its runs already stored.
 */
@ApplicationScoped
public class EventTriggers {

    private final Pool pool;
    private final FlowRepository flows;
    private final RunRepository runs;
    private final RunExecutor executor;

    public EventTriggers(Pool pool, FlowRepository flows, RunRepository runs, RunExecutor executor) {
        this.pool = pool;
        this.flows = flows;
        this.runs = runs;
        this.executor = executor;
    }

    /** How many flows the event started (0 when it ran none, or ran them before). */
    public Uni<Integer> start(String triggerType, String on, String eventId, long customerId, String botKey, String userId,
                              ObjectNode attributes) {
        long now = System.currentTimeMillis();
        return flows.triggeredBy(customerId, botKey, triggerType, on).flatMap(matching -> {
            if (matching.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            List<FlowRun> started = matching.stream().map(flow -> new FlowRun(runId(botKey, eventId, flow.flowKey()),
                    customerId, botKey, flow.flowKey(), userId, attributes, flow.definition(), now)).toList();
            return pool.withTransaction(transaction -> {
                Uni<Void> chain = Uni.createFrom().voidItem();
                for (FlowRun run : started) {
                    chain = chain.flatMap(done -> runs.insert(transaction, run));
                }
                return chain;
            }).invoke(executor::wakeUp).replaceWith(started.size());
        });
    }

    public Uni<Boolean> knows(long customerId, String botKey) {
        return flows.botHasFlows(customerId, botKey);
    }

    static String runId(String botKey, String eventId, String flowKey) {
        return "run_e" + IdempotencyKeys.requestHash(botKey + "\n" + eventId + "\n" + flowKey).substring(0, 31);
    }

}
