package io.floatchat.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.tracing.TraceContexts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.List;

/**
 * Writes an event into the {@code outbox} table inside the caller's transaction, so that the change
 * and the event announcing it are committed together or not at all; {@link OutboxRelay} publishes it.
 */
@ApplicationScoped
public class Outbox {

    private final ObjectMapper objectMapper;
    private final Instance<OutboxRelay> relay;
    private final TraceContexts traceContexts;

    public Outbox(ObjectMapper objectMapper, Instance<OutboxRelay> relay, TraceContexts traceContexts) {
        this.objectMapper = objectMapper;
        this.relay = relay;
        this.traceContexts = traceContexts;
    }

    /** Appends the event; {@code transaction} must be the connection of the change it announces. */
    public Uni<Void> append(SqlClient transaction, String topic, String key, Object event) {
        return appendAll(transaction, List.of(new Entry(topic, key, event)));
    }

    /** Appends the events in one statement, in order; {@code transaction} as for {@link #append}. */
    public Uni<Void> appendAll(SqlClient transaction, List<Entry> entries) {
        if (entries.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] topics = new String[entries.size()];
        String[] keys = new String[entries.size()];
        String[] payloads = new String[entries.size()];
        for (int i = 0; i < entries.size(); i++) {
            Entry entry = entries.get(i);
            topics[i] = entry.topic();
            keys[i] = entry.key();
            try {
                payloads[i] = objectMapper.writeValueAsString(entry.event());
            } catch (JsonProcessingException e) {
                return Uni.createFrom().failure(e);
            }
        }
        // payloads bound as text: the client would encode a String parameter of type jsonb as a JSON string
        return transaction.preparedQuery("INSERT INTO outbox (topic, record_key, payload, traceparent) "
                        + "SELECT e.topic, e.record_key, e.payload::jsonb, $4 FROM unnest($1::text[], $2::text[], $3::text[]) "
                        + "WITH ORDINALITY AS e(topic, record_key, payload, position) ORDER BY e.position")
                .execute(Tuple.of(topics, keys, payloads, traceContexts.currentTraceparent()))
                .replaceWithVoid();
    }

    /** Call after the commit: publishes now instead of at the relay's next poll. */
    public void publishSoon() {
        if (relay.isResolvable()) {
            relay.get().wakeUp();
        }
    }

    /** An event for {@code topic}, keyed by {@code key} (its partition). */
    public record Entry(String topic, String key, Object event) {
    }
}
