package io.floatchat.trigger.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Flow runs: persisted when triggered, claimed by the executor, resumed after a restart. */
@ApplicationScoped
public class RunRepository {

    private static final String COLUMNS = "id, customer_id, bot_key, flow_key, user_id, attributes::text AS attributes, "
            + "definition::text AS definition, status, steps::text AS steps, created_at, finished_at";

    private final Pool pool;
    private final ObjectMapper objectMapper;
    private final SharedDefinitions definitions;

    public RunRepository(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
        this.definitions = new SharedDefinitions(objectMapper);
    }

    /**
     * Stores a run of the flow, in one statement, if the flow exists and is triggered through the API:
     * the flow's trigger type (null when there is no such flow) and the run, when it was stored (the
     * type is "api"). A run stored {@code claimed} is this executor's already (handed over in memory).
     * One round trip: an API trigger's hot path (bench/trigger).
     */
    public Uni<ApiTrigger> insertForApiFlow(SqlClient client, String runId, long customerId, String botKey, String flowKey,
                                            String userId, JsonNode attributes, String attributesJson, long now,
                                            boolean claimed) {
        return client.preparedQuery("WITH f AS (SELECT definition, definition->'trigger'->>'type' AS trigger_type FROM flow "
                        + "WHERE customer_id = $2 AND bot_key = $3 AND flow_key = $4), "
                        + "stored AS (INSERT INTO flow_run (id, customer_id, bot_key, flow_key, user_id, attributes, definition, "
                        + "status, created_at, claimed_at) SELECT $1, $2, $3, $4, $5, $6::text::jsonb, f.definition, 'ACCEPTED', $7, "
                        + "$8 FROM f WHERE f.trigger_type = 'api') "
                        + "SELECT coalesce(f.trigger_type, '') AS trigger_type, "
                        + "CASE WHEN f.trigger_type = 'api' THEN f.definition::text END AS definition FROM f")
                .execute(Tuple.tuple().addString(runId).addLong(customerId).addString(botKey).addString(flowKey)
                        .addString(userId).addString(attributesJson).addLong(now).addLong(claimed ? now : null))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new ApiTrigger(null, null);
                    }
                    Row row = rows.iterator().next();
                    String definition = row.getString("definition");
                    return new ApiTrigger(row.getString("trigger_type"), definition == null ? null
                            : new FlowRun(runId, customerId, botKey, flowKey, userId, attributes, definitions.parse(definition), now));
                });
    }

    /** Stores a new run; a run with that id already stored (a redelivered event) changes nothing. */
    public Uni<Void> insert(SqlClient transaction, FlowRun run) {
        return transaction.preparedQuery("INSERT INTO flow_run (id, customer_id, bot_key, flow_key, user_id, attributes, "
                        + "definition, status, created_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7::text::jsonb, 'ACCEPTED', $8) "
                        + "ON CONFLICT (id) DO NOTHING")
                .execute(Tuple.tuple().addString(run.id()).addLong(run.customerId()).addString(run.botKey())
                        .addString(run.flowKey()).addString(run.userId()).addString(run.attributes().toString())
                        .addString(run.definition().toString()).addLong(run.createdAt()))
                .replaceWithVoid();
    }

    public Uni<FlowRun> find(long customerId, String botKey, String runId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM flow_run WHERE customer_id = $1 AND bot_key = $2 AND id = $3")
                .execute(Tuple.of(customerId, botKey, runId))
                .map(rows -> rows.size() == 0 ? null : toRun(rows.iterator().next()));
    }

    /**
     * Claims runs to execute: unclaimed ones, and those whose executor stopped (claim older than
     * {@code staleBefore}; an executor renews its claim with every step it records).
     * {@code SKIP LOCKED}: replicas never take the same run at once.
     */
    public Uni<List<FlowRun>> claim(long now, long staleBefore, int limit) {
        return pool.preparedQuery("UPDATE flow_run SET status = 'RUNNING', claimed_at = $1 WHERE id IN (SELECT id FROM flow_run "
                        + "WHERE finished_at IS NULL AND (claimed_at IS NULL OR claimed_at < $2) "
                        + "ORDER BY created_at LIMIT $3 "
                        + "FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(now, staleBefore, limit))
                .map(rows -> {
                    List<FlowRun> runs = new ArrayList<>();
                    rows.forEach(row -> runs.add(toRun(row)));
                    return runs;
                });
    }

    /** Gives unfinished runs back to the table, to be claimed by any executor at once. */
    public Uni<Void> release(List<String> runIds) {
        return pool.preparedQuery("UPDATE flow_run SET claimed_at = NULL WHERE id = ANY($1) AND finished_at IS NULL")
                .execute(Tuple.of(runIds.toArray(String[]::new)))
                .replaceWithVoid();
    }

    /** Records the steps so far (and the outcome, when finished); with a step's effects, in their transaction. */
    public Uni<Void> progress(SqlClient client, String runId, JsonNode steps, String status, Long finishedAt, long now) {
        return client.preparedQuery("UPDATE flow_run SET steps = $2::text::jsonb, status = $3, finished_at = $4, "
                        + "claimed_at = $5 WHERE id = $1")
                .execute(Tuple.tuple().addString(runId).addString(steps.toString()).addString(status)
                        .addLong(finishedAt).addLong(now))
                .replaceWithVoid();
    }

    /** Records finished runs, their steps and outcome, in one statement. */
    public Uni<Void> finish(List<FinishedRun> finished) {
        String[] ids = new String[finished.size()];
        String[] steps = new String[finished.size()];
        String[] statuses = new String[finished.size()];
        Long[] finishedAt = new Long[finished.size()];
        for (int i = 0; i < ids.length; i++) {
            FinishedRun run = finished.get(i);
            ids[i] = run.run().id();
            steps[i] = run.steps().toString();
            statuses[i] = run.status();
            finishedAt[i] = run.finishedAt();
        }
        return pool.preparedQuery("UPDATE flow_run AS r SET steps = f.steps::jsonb, status = f.status, finished_at = f.at, "
                        + "claimed_at = f.at FROM unnest($1::text[], $2::text[], $3::text[], $4::bigint[]) AS f(id, steps, status, at) "
                        + "WHERE r.id = f.id")
                .execute(Tuple.of(ids, steps, statuses, finishedAt))
                .replaceWithVoid();
    }

    private FlowRun toRun(Row row) {
        return new FlowRun(row.getString("id"), row.getLong("customer_id"), row.getString("bot_key"), row.getString("flow_key"),
                row.getString("user_id"), json(row.getString("attributes")), definitions.parse(row.getString("definition")),
                row.getString("status"), json(row.getString("steps")), row.getLong("created_at"), row.getLong("finished_at"));
    }

    private JsonNode json(String text) {
        try {
            return objectMapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored run is not JSON", e);
        }
    }

    /**
     * A run of a flow, with the definition it runs and the steps done so far. The definition may be
     * shared with the flow's other runs: read it, never change it.
     */
    public record FlowRun(String id, long customerId, String botKey, String flowKey, String userId, JsonNode attributes,
                          JsonNode definition, String status, JsonNode steps, long createdAt, Long finishedAt) {

        public FlowRun(String id, long customerId, String botKey, String flowKey, String userId, JsonNode attributes,
                       JsonNode definition, long createdAt) {
            this(id, customerId, botKey, flowKey, userId, attributes, definition, "ACCEPTED", null, createdAt, null);
        }
    }

    /** What an API trigger found: the flow's trigger type (null: no such flow) and the run, if it was stored. */
    public record ApiTrigger(String triggerType, FlowRun run) {
    }

    /** A run that ended, with its steps and outcome, waiting to be recorded. */
    public record FinishedRun(FlowRun run, JsonNode steps, String status, long finishedAt) {
    }
}
