package io.floatchat.common.messaging;

import io.floatchat.common.messaging.DeadLetters.Refused;
import io.floatchat.common.tenancy.TenantRef;
import io.floatchat.common.tenancy.TenantRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * refused sent to the dead-letter topic; the rest in the poll's order. Each (customer, bot) of the
     * poll is checked once, all at once, so the bots the registry does not know share one catch-up.
     */
    public <T> Uni<List<T>> admitted(ConsumerRecords<String, String> records, Function<ConsumerRecord<String, String>, T> reader,
                                     Function<T, TenantRef> tenantOf) {
        List<Read<T>> reads = new ArrayList<>(records.count());
        List<Refused> refused = new ArrayList<>();
        Map<TenantRef, Long> latest = new LinkedHashMap<>();
        for (ConsumerRecord<String, String> record : records) {
            try {
                T read = reader.apply(record);
                if (read != null) {
                    TenantRef tenant = tenantOf.apply(read);
                    reads.add(new Read<>(record, read, tenant));
                    latest.merge(tenant, record.timestamp(), Math::max);
                }
            } catch (InvalidEventException invalid) {
                refused.add(new Refused(record, invalid.getMessage()));
            }
        }
        if (latest.isEmpty()) {
            return deadLetters.send(refused).replaceWith(List.of());
        }
        List<TenantRef> tenants = List.copyOf(latest.keySet());
        List<Uni<String>> checks = tenants.stream()
                .map(tenant -> registry.refusal(tenant.customerId(), tenant.botKey(), latest.get(tenant))).toList();
        return Uni.join().all(checks).andFailFast().flatMap(refusals -> {
            Map<TenantRef, String> refusalOf = new HashMap<>();
            for (int i = 0; i < tenants.size(); i++) {
                if (refusals.get(i) != null) {
                    refusalOf.put(tenants.get(i), refusals.get(i));
                }
            }
            List<T> admitted = new ArrayList<>(reads.size());
            for (Read<T> read : reads) {
                String refusal = refusalOf.get(read.tenant());
                if (refusal == null) {
                    admitted.add(read.value());
                } else {
                    refused.add(new Refused(read.record(), refusal));
                }
            }
            return deadLetters.send(refused).replaceWith(admitted);
        });
    }

    /** One record as {@code reader} reads it, or null when it was passed over or sent to the dead-letter topic. */
    public <T> Uni<T> admitted(ConsumerRecord<String, String> record, Function<ConsumerRecord<String, String>, T> reader,
                               Function<T, TenantRef> tenantOf) {
        T read;
        try {
            read = reader.apply(record);
        } catch (InvalidEventException invalid) {
            return deadLetters.send(List.of(new Refused(record, invalid.getMessage()))).replaceWith((T) null);
        }
        if (read == null) {
            return Uni.createFrom().nullItem();
        }
        TenantRef tenant = tenantOf.apply(read);
        return registry.refusal(tenant.customerId(), tenant.botKey(), record.timestamp())
                .flatMap(refusal -> refusal == null ? Uni.createFrom().item(read)
                        : deadLetters.send(List.of(new Refused(record, refusal))).replaceWith((T) null));
    }

    private record Read<T>(ConsumerRecord<String, String> record, T value, TenantRef tenant) {
    }
}
