package io.floatchat.common.tenancy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.TenantEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * This service's copy of which bot belongs to which customer, read from the gateway's compacted
 * {@code floatchat.tenants.v1}: all of it from the beginning at startup (the service is not ready
 * until it has), then as it comes. Events from outside producers name a customer and a bot; only a
 * pair of this copy is applied.
 *
 * <p>A bot this copy does not know may be one created a moment ago: the gateway answers "created"
 * only once the bot's event is on Kafka, so reading the topic to its end <em>as it is now</em>
 * settles it for any record produced after its bot was created. Such catch-ups are shared: every
 * check waiting joins the next one (the reader is woken for it), and a record produced well before
 * the last catch-up began is settled by that one without another — so a flood of records naming
 * made-up bots costs a read of the topic's end offsets per round, not per record.
 *
 * <p>One plain consumer on a thread of its own, assigned every partition (no consumer group: each
 * replica reads everything), with the Kafka settings every channel of the service has (credentials too).
 */
@ApplicationScoped
@IfBuildProperty(name = TenantRegistry.ENABLED, stringValue = "true", enableIfMissing = true)
public class TenantRegistry {

    /** Build property: false in the gateway, which owns the tenants, and in common's own tests. */
    public static final String ENABLED = "floatchat.tenants.registry.enabled";

    private static final Logger LOG = Logger.getLogger(TenantRegistry.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CATCH_UP_TIMEOUT = Duration.ofSeconds(10);
    /** How far a producer's clock may be behind this one's for a past catch-up to settle its record. */
    private static final long CLOCK_SKEW_MILLIS = 5_000;

    private final Map<String, Object> kafka;
    private final ObjectMapper objectMapper;
    private final Map<String, Long> customerOfBot = new ConcurrentHashMap<>();
    /** Checks waiting for the next catch-up; taken by the reader thread. */
    private final List<CompletableFuture<Void>> waiting = new ArrayList<>();
    private volatile boolean ready;
    /** When the last completed catch-up read the topic's end offsets (this clock); 0: none yet. */
    private volatile long lastCatchUpStartedAt;
    private volatile boolean running = true;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread reader;

    public TenantRegistry(@Identifier("default-kafka-broker") Map<String, Object> kafka, ObjectMapper objectMapper) {
        this.kafka = kafka;
        this.objectMapper = objectMapper;
    }

    void start(@Observes StartupEvent event) {
        reader = new Thread(this::read, "tenant-registry");
        reader.setDaemon(true);
        reader.start();
    }

    void stop(@Observes ShutdownEvent event) {
        running = false;
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            current.wakeup();
        }
    }

    /** Whether the copy has read the whole topic once (what readiness reports). */
    public boolean isReady() {
        return ready;
    }

    /**
     * Whether the bot is the customer's: at once when this copy knows the bot, or when the last
     * catch-up began after the record was produced ({@code producedAt}, the record's timestamp); else
     * after reading the topic to its present end. A failure (Kafka unreachable) is transient: retry.
     */
    public Uni<Boolean> isBotOf(long customerId, String botKey, long producedAt) {
        return customerOf(botKey, producedAt).map(owner -> owner != null && owner == customerId);
    }

    /** Whether any customer has the bot, settled as {@link #isBotOf} settles it. */
    public Uni<Boolean> isBot(String botKey, long producedAt) {
        return customerOf(botKey, producedAt).map(owner -> owner != null);
    }

    private Uni<Long> customerOf(String botKey, long producedAt) {
        Long known = customerOfBot.get(botKey);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        long produced = Math.min(producedAt, System.currentTimeMillis());
        if (lastCatchUpStartedAt > produced + CLOCK_SKEW_MILLIS) {
            return Uni.createFrom().nullItem();
        }
        return Uni.createFrom().completionStage(this::catchUp)
                .ifNoItem().after(CATCH_UP_TIMEOUT).failWith(() -> new IllegalStateException(
                        "the tenant registry could not read " + Topics.TENANTS + " to its end"))
                // the reader's thread is the registry's: what the caller does next runs elsewhere
                .emitOn(Infrastructure.getDefaultExecutor())
                .map(caughtUp -> customerOfBot.get(botKey));
    }

    /** The reason an event's customer and bot are refused, or null when they are a pair of this copy. */
    public Uni<String> refusal(long customerId, String botKey, long producedAt) {
        return isBotOf(customerId, botKey, producedAt).map(pair -> pair ? null
                : "customer " + customerId + " has no bot " + botKey + " (tenant registry)");
    }


    private CompletableFuture<Void> catchUp() {
        CompletableFuture<Void> done = new CompletableFuture<>();
        synchronized (waiting) {
            waiting.add(done);
        }
        KafkaConsumer<String, String> current = consumer;
        if (current != null) {
            // ends the reader's poll (or whatever it waits on) now rather than at its timeout
            current.wakeup();
        }
        return done;
    }

    private void read() {
        while (running) {
            try (KafkaConsumer<String, String> opened = open()) {
                consumer = opened;
                readUntilStopped(opened);
            } catch (WakeupException stopping) {
                // the shutdown's wake-up
            } catch (RuntimeException e) {
                if (running) {
                    LOG.warnf("tenant registry: reading %s failed, starting over: %s", Topics.TENANTS, e.getMessage());
                    sleep(Duration.ofSeconds(1));
                }
            } finally {
                consumer = null;
            }
        }
        failWaiting(new IllegalStateException("the service is stopping"));
    }

    private void readUntilStopped(KafkaConsumer<String, String> opened) {
        List<TopicPartition> partitions = List.of();
        Map<TopicPartition, Long> target = null;
        long targetTakenAt = 0;
        List<CompletableFuture<Void>> served = new ArrayList<>();
        boolean first = true;
        try {
            while (running) {
                try {
                    if (partitions.isEmpty()) {
                        partitions = partitions(opened);
                        if (!partitions.isEmpty()) {
                            opened.assign(partitions);
                            opened.seekToBeginning(partitions);
                        }
                    }
                    if (target == null) {
                        synchronized (waiting) {
                            served.addAll(waiting);
                            waiting.clear();
                        }
                        if (first || !served.isEmpty()) {
                            // the topic's end as it is now: what this copy must have read to answer
                            targetTakenAt = System.currentTimeMillis();
                            target = partitions.isEmpty() ? Map.of() : opened.endOffsets(partitions);
                        }
                    }
                    if (!partitions.isEmpty()) {
                        for (ConsumerRecord<String, String> record : opened.poll(POLL)) {
                            apply(record);
                        }
                    } else {
                        sleep(POLL);
                    }
                    if (target != null && reached(opened, target)) {
                        target = null;
                        lastCatchUpStartedAt = targetTakenAt;
                        served.forEach(check -> check.complete(null));
                        served.clear();
                        if (first) {
                            first = false;
                            ready = true;
                            LOG.infof("tenant registry: %d bots known", customerOfBot.size());
                        }
                    }
                } catch (WakeupException woken) {
                    // a check is waiting, or the service stops: back to the top of the loop
                }
            }
        } finally {
            // a reader that starts over takes no promise of this one with it
            served.forEach(check -> check.completeExceptionally(new IllegalStateException("the registry's reader restarted")));
        }
    }

    private static boolean reached(KafkaConsumer<String, String> opened, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (opened.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The topic's partitions; none while it does not exist yet (no bot was ever created). */
    private static List<TopicPartition> partitions(KafkaConsumer<String, String> opened) {
        List<PartitionInfo> found = opened.partitionsFor(Topics.TENANTS, Duration.ofSeconds(5));
        List<TopicPartition> partitions = new ArrayList<>();
        if (found != null) {
            found.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
        }
        return partitions;
    }

    void apply(ConsumerRecord<String, String> record) {
        if (record.value() == null) {
            // a tombstone: compaction's way of forgetting a deleted bot
            customerOfBot.remove(record.key());
            return;
        }
        try {
            TenantEvent event = TenantEvent.read(objectMapper, record.value());
            String botKey = event.botKey();
            long customerId = event.customerId();
            String type = event.type();
            if (TenantEvent.BOT_DELETED.equals(type)) {
                customerOfBot.remove(botKey, customerId);
            } else if (TenantEvent.BOT_CREATED.equals(type)) {
                Long earlier = customerOfBot.putIfAbsent(botKey, customerId);
                if (earlier != null && earlier != customerId) {
                    LOG.errorf("tenant registry: bot %s is announced for customer %d but belongs to %d; kept with %d",
                            botKey, customerId, earlier, earlier);
                }
            }
        } catch (InvalidEventException e) {
            LOG.warnf("tenant registry: record %s at %d/%d skipped: %s", record.key(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private KafkaConsumer<String, String> open() {
        Map<String, Object> settings = new HashMap<>(kafka);
        // every replica reads the whole topic: no group, nothing committed
        settings.remove(ConsumerConfig.GROUP_ID_CONFIG);
        settings.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        settings.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        settings.put(ConsumerConfig.CLIENT_ID_CONFIG, "tenant-registry-" + Integer.toHexString(System.identityHashCode(this)));
        return new KafkaConsumer<>(settings, new StringDeserializer(), new StringDeserializer());
    }

    private void failWaiting(RuntimeException failure) {
        synchronized (waiting) {
            waiting.forEach(check -> check.completeExceptionally(failure));
            waiting.clear();
        }
    }

    private static void sleep(Duration duration) {
        try {
            TimeUnit.MILLISECONDS.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
