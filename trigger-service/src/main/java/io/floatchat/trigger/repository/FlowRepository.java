package io.floatchat.trigger.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.trigger.service.FlowDefinitions.Trigger;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** A bot's flows. Absent is null, never an exception. */
@ApplicationScoped
public class FlowRepository {

    private final Pool pool;
    private final ObjectMapper objectMapper;

    public FlowRepository(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    public Uni<Void> save(long customerId, String botKey, String flowKey, Trigger trigger, JsonNode definition, long now) {
        return pool.preparedQuery("INSERT INTO flow (customer_id, bot_key, flow_key, name, trigger_type, trigger_on, definition, "
                        + "updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7::text::jsonb, $8) ON CONFLICT (bot_key, flow_key) "
                        + "DO UPDATE SET name = EXCLUDED.name, trigger_type = EXCLUDED.trigger_type, trigger_on = EXCLUDED.trigger_on, "
                        + "definition = EXCLUDED.definition, updated_at = EXCLUDED.updated_at WHERE flow.customer_id = EXCLUDED.customer_id")
                .execute(Tuple.tuple().addLong(customerId).addString(botKey).addString(flowKey)
                        .addString(definition.path("name").asText(null)).addString(trigger.type()).addString(trigger.on())
                        .addString(definition.toString()).addLong(now))
                .replaceWithVoid();
    }

    public Uni<StoredFlow> find(long customerId, String botKey, String flowKey) {
        return pool.preparedQuery("SELECT flow_key, definition::text AS definition, updated_at FROM flow "
                        + "WHERE customer_id = $1 AND bot_key = $2 AND flow_key = $3")
                .execute(Tuple.of(customerId, botKey, flowKey))
                .map(rows -> rows.size() == 0 ? null : toFlow(rows.iterator().next()));
    }

    public Uni<List<StoredFlow>> list(long customerId, String botKey) {
        return pool.preparedQuery("SELECT flow_key, definition::text AS definition, updated_at FROM flow "
                        + "WHERE customer_id = $1 AND bot_key = $2 ORDER BY flow_key")
                .execute(Tuple.of(customerId, botKey))
                .map(rows -> {
                    List<StoredFlow> flows = new ArrayList<>();
                    rows.forEach(row -> flows.add(toFlow(row)));
                    return flows;
                });
    }

    /** The flows an event runs: those of the bot whose trigger is that type and name. */
    public Uni<List<StoredFlow>> triggeredBy(long customerId, String botKey, String triggerType, String on) {
        return pool.preparedQuery("SELECT flow_key, definition::text AS definition, updated_at FROM flow "
                        + "WHERE customer_id = $1 AND bot_key = $2 AND trigger_type = $3 AND trigger_on = $4 ORDER BY flow_key")
                .execute(Tuple.of(customerId, botKey, triggerType, on))
                .map(rows -> {
                    List<StoredFlow> flows = new ArrayList<>();
                    rows.forEach(row -> flows.add(toFlow(row)));
                    return flows;
                });
    }

    public Uni<Long> countByBot(long customerId, String botKey) {
        return pool.preparedQuery("SELECT count(*) FROM flow WHERE customer_id = $1 AND bot_key = $2")
                .execute(Tuple.of(customerId, botKey)).map(rows -> rows.iterator().next().getLong(0));
    }

    public Uni<Boolean> delete(long customerId, String botKey, String flowKey) {
        return pool.preparedQuery("DELETE FROM flow WHERE customer_id = $1 AND bot_key = $2 AND flow_key = $3")
                .execute(Tuple.of(customerId, botKey, flowKey))
                .map(rows -> rows.rowCount() == 1);
    }

    private StoredFlow toFlow(Row row) {
        try {
            return new StoredFlow(row.getString("flow_key"), objectMapper.readTree(row.getString("definition")),
                    row.getLong("updated_at"));
        } catch (Exception e) {
            throw new IllegalStateException("stored flow is not JSON", e);
        }
    }

    /** A flow as stored: its key, its definition as given, when it last changed. */
    public record StoredFlow(String flowKey, JsonNode definition, long updatedAt) {
    }
}
