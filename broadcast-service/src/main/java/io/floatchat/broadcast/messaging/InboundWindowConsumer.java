package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.EventProcessing;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.Record;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * This service's projection of each user's last inbound message, from {@code floatchat.messages.v1}:
 * the 24-hour window is checked without a call to another service. Never moves backwards.
 */
@ApplicationScoped
public class InboundWindowConsumer {

    private static final Logger LOG = Logger.getLogger(InboundWindowConsumer.class);

    private final ObjectMapper objectMapper;
    private final Pool pool;

    public InboundWindowConsumer(ObjectMapper objectMapper, Pool pool) {
        this.objectMapper = objectMapper;
        this.pool = pool;
    }

    @Incoming("inbound-messages")
    public Uni<Void> consume(Record<String, String> record) {
        return EventProcessing.process(LOG, Topics.MESSAGES, record.key(), () -> apply(record.value()));
    }

    private Uni<?> apply(String json) {
        JsonNode event = EventFields.parse(objectMapper, json);
        if (!Direction.INBOUND.name().equals(event.path("direction").asText())) {
            return Uni.createFrom().voidItem();
        }
        return pool.preparedQuery("INSERT INTO inbound_window (bot_key, user_id, last_inbound_at) VALUES ($1, $2, $3) "
                        + "ON CONFLICT (bot_key, user_id) DO UPDATE SET "
                        + "last_inbound_at = GREATEST(inbound_window.last_inbound_at, EXCLUDED.last_inbound_at)")
                .execute(Tuple.of(EventFields.requiredText(event, "botKey", 64), EventFields.userId(event),
                        EventFields.requiredLong(event, "timestamp")));
    }
}
