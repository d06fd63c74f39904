package io.floatchat.common.messaging;

import io.floatchat.common.events.DeadLetter;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.common.tenancy.TenantRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * Records an outside producer's topic refused go to that topic's dead-letter topic with the reason
 * and the service that refused them — through the outbox, so none is dropped silently, and a bad
 * record never holds its partition.
 */
@ApplicationScoped
@IfBuildProperty(name = TenantRegistry.ENABLED, stringValue = "true", enableIfMissing = true)
public class DeadLetters {

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    /** What a dead letter keeps of the refused record's value. */
    static final int MAX_KEPT_VALUE = 64 * 1024;

    private final Pool pool;
    private final Outbox outbox;
    private final String consumer;

    public DeadLetters(Pool pool, Outbox outbox, @ConfigProperty(name = "quarkus.application.name") String consumer) {
        this.pool = pool;
        this.outbox = outbox;
        this.consumer = consumer;
    }

    /** A record refused for a reason. */
    public record Refused(ConsumerRecord<String, String> record, String reason) {
    }

    public Uni<Void> send(List<Refused> refused) {
        if (refused.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long now = System.currentTimeMillis();
        List<DeadLetter> letters = new ArrayList<>(refused.size());
        for (Refused one : refused) {
            ConsumerRecord<String, String> record = one.record();
            String value = record.value();
            String kept = value == null || value.length() <= MAX_KEPT_VALUE ? value : value.substring(0, MAX_KEPT_VALUE);
            letters.add(new DeadLetter(one.reason(), consumer, record.topic(), record.partition(), record.offset(), record.key(),
                    kept, now));
            LOG.warnf("%s record %s at %d/%d to the dead-letter topic: %s", record.topic(), record.key(), record.partition(),
                    record.offset(), one.reason());
        }
        return pool.withTransaction(transaction -> outbox.appendAll(transaction, letters));
    }
}
