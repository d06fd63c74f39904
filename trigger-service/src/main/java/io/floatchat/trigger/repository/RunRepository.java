package io.floatchat.trigger.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.work.ClaimLocks;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Flow runs: persisted when triggered, claimed by the executor, resumed after a restart. */
@ApplicationScoped
public class RunRepository {

    private static final String COLUMNS = "id, customer_id, bot_key, flow_key, user_id, attributes::text AS attributes, "
            + "definition::text AS definition, status, steps::text AS steps, created_at, finished_at, claim";

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
     * type is "api"). A run stored with a lease ({@code leaseUntil} not null) is this executor's already,
     * under claim 1 (handed over in memory). One round trip: an API trigger's hot path (bench/trigger).
     */
    public Uni<ApiTrigger> insertForApiFlow(SqlClient client, String runId, long customerId, String botKey, String flowKey,
                                            String userId, JsonNode attributes, String attributesJson, long now,
                                            Long leaseUntil) {
        return client.preparedQuery("WITH f AS (SELECT definition, definition->'trigger'->>'type' AS trigger_type FROM flow "
                        + "WHERE customer_id = $2 AND bot_key = $3 AND flow_key = $4), "
                        + "stored AS (INSERT INTO flow_run (id, customer_id, bot_key, flow_key, user_id, attributes, definition, "
                        + "status, created_at, lease_until, claim) SELECT $1, $2, $3, $4, $5, $6::text::jsonb, f.definition, 'ACCEPTED', "
                        + "$7, $8, CASE WHEN $8::bigint IS NULL THEN 0 ELSE 1 END FROM f WHERE f.trigger_type = 'api') "
                        + "SELECT coalesce(f.trigger_type, '') AS trigger_type, "
                        + "CASE WHEN f.trigger_type = 'api' THEN f.definition::text END AS definition FROM f")
                .execute(Tuple.tuple().addString(runId).addLong(customerId).addString(botKey).addString(flowKey)
                        .addString(userId).addString(attributesJson).addLong(now).addLong(leaseUntil))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return new ApiTrigger(null, null);
                    }
                    Row row = rows.iterator().next();
                    String definition = row.getString("definition");
                    return new ApiTrigger(row.getString("trigger_type"), definition == null ? null
                            : new FlowRun(runId, customerId, botKey, flowKey, userId, attributes, definitions.parse(definition), now)
                            .withClaim(leaseUntil == null ? 0 : 1));
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
     * Claims runs to execute: unclaimed ones, and those whose lease ran out (their executor stopped or
     * lost the database), oldest first, none of {@code excludedBots}' (bots this executor holds enough
     * of). Each claim takes the run's next fencing number. {@code SKIP LOCKED}: replicas never take the
     * same run at once.
     */
    public Uni<List<FlowRun>> claim(long now, long leaseUntil, int limit, Collection<String> excludedBots) {
        return pool.preparedQuery("UPDATE flow_run SET status = 'RUNNING', claim = claim + 1, lease_until = $2 "
                        + "WHERE id IN (SELECT id FROM flow_run "
                        + "WHERE finished_at IS NULL AND (lease_until IS NULL OR lease_until < $1) AND bot_key <> ALL($4) "
                        + "ORDER BY created_at LIMIT $3 "
                        + "FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(now, leaseUntil, limit, excludedBots.toArray(String[]::new)))
                .map(rows -> {
                    List<FlowRun> runs = new ArrayList<>();
                    rows.forEach(row -> runs.add(toRun(row)));
                    return runs;
                });
    }

    /** Extends the leases of runs this executor still holds under the claims given; the {@link FlowRun#claimKey()}s renewed. */
    public Uni<Set<String>> renew(Collection<FlowRun> held, long leaseUntil) {
        return pool.preparedQuery("WITH held AS (" + heldInIdOrder("unnest($1::text[], $2::bigint[]) AS h(id, claim)",
                        "r.id = h.id AND r.claim = h.claim AND r.finished_at IS NULL") + ") "
                        + "UPDATE flow_run AS r SET lease_until = $3 FROM held WHERE r.id = held.id RETURNING r.id, r.claim")
                .execute(Tuple.of(ids(held), claims(held), leaseUntil))
                .map(rows -> {
                    Set<String> renewed = new HashSet<>();
                    rows.forEach(row -> renewed.add(FlowRun.claimKey(row.getString("id"), row.getLong("claim"))));
                    return renewed;
                });
    }

    /** Gives unfinished runs back to the table, to be claimed by any executor at once (if still held under these claims). */
    public Uni<Void> release(Collection<FlowRun> held) {
        return pool.preparedQuery("WITH held AS (" + heldInIdOrder("unnest($1::text[], $2::bigint[]) AS h(id, claim)",
                        "r.id = h.id AND r.claim = h.claim AND r.finished_at IS NULL") + ") "
                        + "UPDATE flow_run AS r SET lease_until = NULL FROM held WHERE r.id = held.id")
                .execute(Tuple.of(ids(held), claims(held)))
                .replaceWithVoid();
    }

    /**
     * Records runs' steps so far and, for those that ended, their outcome — each only if still held under
     * the claim it was executed with; the ids recorded. One statement for any number of runs.
     */
    public Uni<Set<String>> record(SqlClient client, List<StepRecord> records) {
        String[] ids = new String[records.size()];
        Long[] claims = new Long[records.size()];
        String[] steps = new String[records.size()];
        String[] statuses = new String[records.size()];
        Long[] finishedAt = new Long[records.size()];
        for (int i = 0; i < ids.length; i++) {
            StepRecord record = records.get(i);
            ids[i] = record.run().id();
            claims[i] = record.run().claim();
            steps[i] = record.steps().toString();
            statuses[i] = record.status();
            finishedAt[i] = record.finishedAt();
        }
        return client.preparedQuery("WITH f AS (SELECT * FROM unnest($1::text[], $2::bigint[], $3::text[], $4::text[], "
                        + "$5::bigint[]) AS f(id, claim, steps, status, at)), "
                        + "held AS (" + heldInIdOrder("f", "r.id = f.id AND r.claim = f.claim AND r.finished_at IS NULL") + ") "
                        + "UPDATE flow_run AS r SET steps = f.steps::jsonb, status = f.status, finished_at = f.at, "
                        + "lease_until = CASE WHEN f.at IS NULL THEN r.lease_until END "
                        + "FROM held JOIN f ON f.id = held.id WHERE r.id = held.id AND r.claim = f.claim RETURNING r.id")
                .execute(Tuple.of(ids, claims, steps, statuses, finishedAt))
                .map(RunRepository::idsOf);
    }

    /** The runs ({@code r}, joined to {@code from}) that {@code where} selects, locked as every claim statement locks them. */
    private static String heldInIdOrder(String from, String where) {
        return ClaimLocks.inIdOrder("flow_run", from, where, false);
    }

    private static String[] ids(Collection<FlowRun> runs) {
        return runs.stream().map(FlowRun::id).toArray(String[]::new);
    }

    private static Long[] claims(Collection<FlowRun> runs) {
        return runs.stream().map(FlowRun::claim).toArray(Long[]::new);
    }

    private static Set<String> idsOf(RowSet<Row> rows) {
        Set<String> ids = new HashSet<>();
        rows.forEach(row -> ids.add(row.getString("id")));
        return ids;
    }

    private FlowRun toRun(Row row) {
        return new FlowRun(row.getString("id"), row.getLong("customer_id"), row.getString("bot_key"), row.getString("flow_key"),
                row.getString("user_id"), json(row.getString("attributes")), definitions.parse(row.getString("definition")),
                row.getString("status"), json(row.getString("steps")), row.getLong("created_at"), row.getLong("finished_at"),
                row.getLong("claim"));
    }

    private JsonNode json(String text) {
        try {
            return objectMapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored run is not JSON", e);
        }
    }

    /**
     * A run of a flow, with the definition it runs, the steps done so far and the fencing number of the
     * claim it was read under (0: unclaimed). The definition may be shared with the flow's other runs:
     * read it, never change it.
     */
    public record FlowRun(String id, long customerId, String botKey, String flowKey, String userId, JsonNode attributes,
                          JsonNode definition, String status, JsonNode steps, long createdAt, Long finishedAt, long claim) {

        public FlowRun(String id, long customerId, String botKey, String flowKey, String userId, JsonNode attributes,
                       JsonNode definition, long createdAt) {
            this(id, customerId, botKey, flowKey, userId, attributes, definition, "ACCEPTED", null, createdAt, null, 0);
        }

        /** The run under this claim: a run held twice (its lease ran out and it was claimed again) is two keys. */
        public String claimKey() {
            return claimKey(id, claim);
        }

        public static String claimKey(String id, long claim) {
            return id + "/" + claim;
        }

        public FlowRun withClaim(long newClaim) {
            return new FlowRun(id, customerId, botKey, flowKey, userId, attributes, definition, status, steps, createdAt,
                    finishedAt, newClaim);
        }
    }

    /** What an API trigger found: the flow's trigger type (null: no such flow) and the run, if it was stored. */
    public record ApiTrigger(String triggerType, FlowRun run) {
    }

    /** A run's steps so far and its status, to be recorded under the run's claim; {@code finishedAt} when it ended. */
    public record StepRecord(FlowRun run, JsonNode steps, String status, Long finishedAt) {
    }
}
