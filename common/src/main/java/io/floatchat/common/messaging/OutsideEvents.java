package io.floatchat.common.messaging;

import io.floatchat.common.messaging.DeadLetters.Refused;
import io.floatchat.common.tenancy.TenantRef;
import io.floatchat.common.tenancy.TenantRegistry;
import io.smallrye.mutiny.Multi;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Function;

/**
 * The door of the topics outside producers write to ({@code floatchat.messages.v1},
 * {@code floatchat.user-attributes.v1}, {@code floatchat.trigger-events.v1}): a record is applied only
 * when it reads (its reader throws {@link InvalidEventException} otherwise) and its customer and bot
 * are a pair of the {@link TenantRegistry}; every other record goes to the topic's dead-letter topic
 * with the reason. A failure to decide (Kafka or the database unreachable) is transient: retry.
 */
@ApplicationScoped
@IfBuildProperty(name = TenantRegistry.ENABLED, stringValue = "true", enableIfMissing = true)
public class OutsideEvents {

    private final TenantRegistry registry;
    private final DeadLetters deadLetters;

    public OutsideEvents(TenantRegistry registry, DeadLetters deadLetters) {
        this.registry = registry;
        this.deadLetters = deadLetters;
    }

    /**
     * A poll's records as {@code reader} reads them (null: a record this consumer passes over), those
     * refused sent to the dead-letter topic; the rest in the poll's order.
     */
    public <T> Uni<List<T>> admitted(ConsumerRecords<String, String> records, Function<ConsumerRecord<String, String>, T> reader,
                                     Function<T, TenantRef> tenantOf) {
        List<ConsumerRecord<String, String>> all = new ArrayList<>(records.count());
        records.forEach(all::add);
        ConcurrentLinkedQueue<Refused> refused = new ConcurrentLinkedQueue<>();
        return Multi.createFrom().iterable(all)
                .onItem().transformToUniAndConcatenate(record -> admit(record, reader, tenantOf, refused))
                .filter(Objects::nonNull)
                .collect().asList()
                .call(admitted -> deadLetters.send(List.copyOf(refused)));
    }

    /** One record as {@code reader} reads it, or null when it was passed over or sent to the dead-letter topic. */
    public <T> Uni<T> admitted(ConsumerRecord<String, String> record, Function<ConsumerRecord<String, String>, T> reader,
                               Function<T, TenantRef> tenantOf) {
        ConcurrentLinkedQueue<Refused> refused = new ConcurrentLinkedQueue<>();
        return admit(record, reader, tenantOf, refused).call(admitted -> deadLetters.send(List.copyOf(refused)));
    }

    private <T> Uni<T> admit(ConsumerRecord<String, String> record, Function<ConsumerRecord<String, String>, T> reader,
                             Function<T, TenantRef> tenantOf, ConcurrentLinkedQueue<Refused> refused) {
        T read;
        try {
            read = reader.apply(record);
        } catch (InvalidEventException invalid) {
            refused.add(new Refused(record, invalid.getMessage()));
            return Uni.createFrom().nullItem();
        }
        if (read == null) {
            return Uni.createFrom().nullItem();
        }
        TenantRef tenant = tenantOf.apply(read);
        return registry.refusal(tenant.customerId(), tenant.botKey()).map(refusal -> {
            if (refusal != null) {
                refused.add(new Refused(record, refusal));
                return null;
            }
            return read;
        });
    }
}
