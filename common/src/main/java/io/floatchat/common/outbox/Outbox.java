package io.floatchat.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.tracing.TraceContexts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

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
        String payload;
        try {
            payload = objectMapper.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(e);
        }
        // bound as text: the client would encode a String parameter of type jsonb as a JSON string
        return transaction.preparedQuery("INSERT INTO outbox (topic, record_key, payload, traceparent)"
                        + " VALUES ($1, $2, $3::text::jsonb, $4)")
                .execute(Tuple.of(topic, key, payload, traceContexts.currentTraceparent()))
                .replaceWithVoid();
    }

    /** Call after the commit: publishes now instead of at the relay's next poll. */
    public void publishSoon() {
        if (relay.isResolvable()) {
            relay.get().wakeUp();
        }
    }
}
