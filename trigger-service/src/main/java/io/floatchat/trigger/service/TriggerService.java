package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.common.idempotency.IdempotencyKeys.KeyedRequest;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;


/**
 * The API Trigger: a run is persisted before the caller is answered and executed afterwards (handed
 * to this replica's executor in memory while it has room); an {@code Idempotency-Key} retry with the
 * same body returns the first run and starts no other.
 */
@ApplicationScoped
public class TriggerService {

    private final Pool pool;
    private final RunRepository runs;
    private final IdempotencyKeys idempotency;
    private final RunPoller poller;

    public TriggerService(Pool pool, RunRepository runs, IdempotencyKeys idempotency,
                          RunPoller poller) {
        this.pool = pool;
        this.runs = runs;
        this.idempotency = idempotency;
        this.poller = poller;
    }

    public Uni<Accepted> trigger(long customerId, String botKey, String flowKey, String userId, ObjectNode attributes,
                                 String idempotencyKey) {
        long now = System.currentTimeMillis();
        String runId = RunIds.next(now);
        Accepted accepted = new Accepted(runId, "ACCEPTED");
        String attributesJson = attributes.toString();
        if (idempotencyKey == null) {
            // the hot path: one statement checks the flow and stores the run, handed to the executor in memory
            RunPoller.HandOff handOff = poller.reserveHandOff(attributesJson.length());
            return runs.insertForApiFlow(pool, runId, customerId, botKey, flowKey, userId, attributes, attributesJson, now,
                            handOff.leaseUntil())
                    .onTermination().invoke((found, failure, cancelled) -> handOff.stored(found == null ? null : found.run()))
                    .map(found -> {
                        requireApiFlow(flowKey, found.triggerType());
                        return accepted;
                    });
        }
        String requestHash = IdempotencyKeys.requestHash(flowKey + "\n" + userId + "\n" + attributesJson);
        KeyedRequest keyed = new KeyedRequest(idempotencyKey, requestHash);
        // an unknown flow rolls the claim back with the rest: the key stays unused
        return idempotency.once(customerId, botKey, keyed, accepted, Accepted.class,
                        transaction -> runs.insertForApiFlow(transaction, runId, customerId, botKey, flowKey, userId, attributes,
                                attributesJson, now, null).invoke(found -> requireApiFlow(flowKey, found.triggerType())))
                .map(once -> {
                    if (once.created()) {
                        poller.wakeUp();
                    }
                    return once.response();
                });
    }

    private static void requireApiFlow(String flowKey, String triggerType) {
        if (triggerType == null) {
            throw ApiException.notFound("No flow " + flowKey + " in this bot.");
        }
        if (!"api".equals(triggerType)) {
            throw ApiException.invalidRequest("Flow " + flowKey + " is not triggered through the API.");
        }
    }

    public Uni<FlowRun> run(long customerId, String botKey, String runId) {
        return runs.find(customerId, botKey, runId).invoke(run -> {
            if (run == null) {
                throw ApiException.notFound("No flow run " + runId + " in this bot.");
            }
        });
    }

    /** The 202 {@code responseObject}. */
    @RegisterForReflection // stored as JSON for Idempotency-Key replays (native image)
    public record Accepted(String runId, String status) {
    }

}
