package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.idempotency.IdempotencyKeys;
import io.floatchat.trigger.repository.FlowRepository;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.quarkus.runtime.annotations.RegisterForReflection;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * The API Trigger: a run is persisted before the caller is answered and executed afterwards; an
 * {@code Idempotency-Key} retry with the same body returns the first run and starts no other.
 */
@ApplicationScoped
public class TriggerService {

    private final Pool pool;
    private final FlowRepository flows;
    private final RunRepository runs;
    private final IdempotencyKeys idempotency;
    private final RunExecutor executor;

    public TriggerService(Pool pool, FlowRepository flows, RunRepository runs, IdempotencyKeys idempotency,
                          RunExecutor executor) {
        this.pool = pool;
        this.flows = flows;
        this.runs = runs;
        this.idempotency = idempotency;
        this.executor = executor;
    }

    public Uni<Accepted> trigger(long customerId, String botKey, String flowKey, String userId, ObjectNode attributes,
                                 String idempotencyKey) {
        String runId = "run_" + UUID.randomUUID().toString().replace("-", "");
        Accepted accepted = new Accepted(runId, "ACCEPTED");
        String requestHash = IdempotencyKeys.requestHash(flowKey + "\n" + userId + "\n" + attributes);
        long now = System.currentTimeMillis();
        return flows.find(customerId, botKey, flowKey).flatMap(flow -> {
            if (flow == null) {
                throw ApiException.notFound("No flow " + flowKey + " in this bot.");
            }
            if (!"api".equals(flow.definition().path("trigger").path("type").asText())) {
                throw ApiException.invalidRequest("Flow " + flowKey + " is not triggered through the API.");
            }
            FlowRun run = new FlowRun(runId, customerId, botKey, flowKey, userId, attributes, flow.definition(), now);
            return pool.withTransaction(transaction -> {
                Uni<Boolean> first = idempotencyKey == null ? Uni.createFrom().item(true)
                        : idempotency.claim(transaction, customerId, botKey, idempotencyKey, requestHash,
                        JsonObject.mapFrom(accepted).encode(), now);
                return first.flatMap(isFirst -> isFirst
                        ? runs.insert(transaction, run).replaceWith((Accepted) null)
                        : idempotency.find(customerId, botKey, idempotencyKey).map(stored -> {
                            if (stored == null || !stored.requestHash().equals(requestHash)) {
                                throw ApiException.conflict("Idempotency-Key " + idempotencyKey + " was used with a different request.");
                            }
                            return stored.response().mapTo(Accepted.class);
                        }));
            });
        }).map(replayed -> {
            if (replayed != null) {
                return replayed;
            }
            executor.wakeUp();
            return accepted;
        });
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
