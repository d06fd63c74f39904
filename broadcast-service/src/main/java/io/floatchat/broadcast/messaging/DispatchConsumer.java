package io.floatchat.broadcast.messaging;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.Dispatch;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.service.SendingEngine;
import io.floatchat.common.events.BroadcastDispatchEvent;
import io.floatchat.common.messaging.EventFields;
import io.floatchat.common.messaging.InvalidEventException;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.common.annotation.Identifier;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the dispatch topic and hands each record's recipients to the {@link SendingEngine}, which
 * claims them in the database: the record's offset is committed once they are claimed, never after
 * their sends, so no provider's slowness can hold a poll, an acknowledgement or the consumer group.
 * <p>
 * A record whose account's lane is full is set aside (unclaimed, its offset not committed) and the
 * partition's later records, other accounts', go on; a partition with
 * {@code parked-records-per-partition} records set aside is paused (Kafka pause/resume) until half of
 * them fit, and no other partition is. A plain Kafka consumer on a thread of its own, not a messaging
 * channel: a channel's consumer pauses and resumes every partition at once, and fails when an
 * acknowledgement takes a minute.
 */
@ApplicationScoped
public class DispatchConsumer {

    private static final Logger LOG = Logger.getLogger(DispatchConsumer.class);
    private static final Duration POLL = Duration.ofMillis(100);
    private static final Duration CLAIM_DEADLINE = Duration.ofSeconds(10);
    private static final Duration AFTER_FAILURE = Duration.ofSeconds(1);

    private final SendingEngine engine;
    private final ObjectMapper objectMapper;
    private final BroadcastConfig config;
    private final Map<String, Object> kafka;
    private final String topic;
    private final String group;
    /** The partitions this consumer holds, each with its records not yet claimed. Only the polling thread uses it. */
    private final Map<TopicPartition, PartitionWork> partitions = new HashMap<>();
    private volatile boolean stopping;
    private volatile long lastPoll = System.nanoTime();
    private volatile KafkaConsumer<String, String> consumer;
    private volatile Set<TopicPartition> paused = Set.of();
    private Thread thread;

    public DispatchConsumer(SendingEngine engine, ObjectMapper objectMapper, BroadcastConfig config,
                            @Identifier("default-kafka-broker") Map<String, Object> kafka,
                            @ConfigProperty(name = "floatchat.consumer.dispatch.topic") String topic,
                            @ConfigProperty(name = "floatchat.consumer.dispatch.group.id") String group) {
        this.topic = topic;
        this.group = group;
        this.engine = engine;
        this.objectMapper = objectMapper;
        this.config = config;
        this.kafka = kafka;
    }

    void start(@Observes StartupEvent event) {
        thread = new Thread(this::run, "broadcast-dispatch-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    /** First on a graceful stop: nothing more is claimed, and what was claimed is committed. */
    void stop(@Observes @Priority(10) ShutdownEvent event) {
        stopping = true;
        KafkaConsumer<String, String> running = consumer;
        if (running != null) {
            running.wakeup();
        }
        try {
            thread.join(Duration.ofSeconds(15).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True while the polling thread runs (or has not been needed yet) and has polled in the last {@code within}. */
    public boolean polling(Duration within) {
        return thread != null && thread.isAlive() && System.nanoTime() - lastPoll < within.toNanos();
    }

    /** The partitions paused now because too many of their records wait for full lanes. */
    public Set<TopicPartition> paused() {
        return paused;
    }

    public boolean stopping() {
        return stopping;
    }

    private void run() {
        try (KafkaConsumer<String, String> kafkaConsumer = new KafkaConsumer<>(properties(), new StringDeserializer(),
                new StringDeserializer())) {
            consumer = kafkaConsumer;
            kafkaConsumer.subscribe(List.of(topic), new Rebalance(kafkaConsumer));
            while (!stopping) {
                try {
                    ConsumerRecords<String, String> records = kafkaConsumer.poll(POLL);
                    lastPoll = System.nanoTime();
                    for (ConsumerRecord<String, String> record : records) {
                        work(new TopicPartition(record.topic(), record.partition())).received(record, read(record));
                    }
                    boolean claimed = claimWhatFits();
                    pauseOrResume(kafkaConsumer);
                    commit(kafkaConsumer, false);
                    if (!claimed) {
                        pause(AFTER_FAILURE);
                    }
                } catch (WakeupException e) {
                    // stopping
                } catch (RuntimeException e) {
                    LOG.errorf("dispatch consumer: %s; polling again in %d ms", e.getMessage(), AFTER_FAILURE.toMillis());
                    pause(AFTER_FAILURE);
                }
            }
            commit(kafkaConsumer, true);
        } catch (RuntimeException e) {
            LOG.errorf(e, "dispatch consumer stopped");
        } finally {
            consumer = null;
        }
    }

    private Map<String, Object> properties() {
        Map<String, Object> properties = new HashMap<>(kafka);
        properties.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 100);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "broadcast-dispatch-" + ProcessHandle.current().pid());
        return properties;
    }

    /**
     * Claims, partition by partition in offset order, every record set aside whose account's lane has
     * room; false when the database failed a claim (the record stays, and is tried again after a pause).
     */
    private boolean claimWhatFits() {
        for (PartitionWork work : partitions.values()) {
            for (Iterator<Pending> it = work.pending.iterator(); it.hasNext(); ) {
                Pending pending = it.next();
                if (stopping) {
                    return true;
                }
                if (pending.dispatch() == null) {
                    it.remove();
                    continue;
                }
                if (!engine.hasRoom(pending.dispatch().sendingAccount())) {
                    continue;
                }
                try {
                    engine.accept(pending.dispatch()).await().atMost(CLAIM_DEADLINE);
                    it.remove();
                } catch (RuntimeException e) {
                    LOG.warnf("dispatch record at %s/%d: claiming its recipients failed, trying again: %s",
                            work.partition, pending.offset(), e.getMessage());
                    return false;
                }
            }
        }
        return true;
    }

    private void pauseOrResume(KafkaConsumer<String, String> kafkaConsumer) {
        int limit = config.parkedRecordsPerPartition();
        for (PartitionWork work : partitions.values()) {
            if (!work.paused && work.pending.size() >= limit) {
                kafkaConsumer.pause(List.of(work.partition));
                work.paused = true;
                LOG.infof("dispatch partition %s paused: %d records wait for their accounts' lanes", work.partition,
                        work.pending.size());
            } else if (work.paused && work.pending.size() <= limit / 2) {
                kafkaConsumer.resume(List.of(work.partition));
                work.paused = false;
                LOG.infof("dispatch partition %s resumed", work.partition);
            }
        }
        Set<TopicPartition> now = new HashSet<>();
        partitions.values().stream().filter(work -> work.paused).forEach(work -> now.add(work.partition));
        paused = Set.copyOf(now);
    }

    /** Commits, per partition, up to its first record not yet claimed. */
    private void commit(KafkaConsumer<String, String> kafkaConsumer, boolean wait) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (PartitionWork work : partitions.values()) {
            long committable = work.committable();
            if (committable > work.committed) {
                offsets.put(work.partition, new OffsetAndMetadata(committable));
                work.committed = committable;
            }
        }
        if (offsets.isEmpty()) {
            return;
        }
        if (wait) {
            kafkaConsumer.commitSync(offsets, Duration.ofSeconds(5));
        } else {
            // the callback runs inside a later poll, on this thread: a failed commit is tried again at the next one
            kafkaConsumer.commitAsync(offsets, (committed, failure) -> {
                if (failure != null) {
                    offsets.forEach((partition, offset) -> {
                        PartitionWork work = partitions.get(partition);
                        if (work != null && work.committed == offset.offset()) {
                            work.committed = -1;
                        }
                    });
                    LOG.warnf("dispatch offsets not committed, trying again (the records are claimed; a redelivery claims "
                            + "nothing twice): %s", failure.getMessage());
                }
            });
        }
    }

    /** A record's recipients and account ({@link BroadcastDispatchEvent#read}); null when invalid. */
    private Dispatch read(ConsumerRecord<String, String> record) {
        try {
            BroadcastDispatchEvent event = BroadcastDispatchEvent.read(EventFields.parse(objectMapper, record.value()));
            return new Dispatch(event.recipientIds(), event.sendingAccount(), record.timestamp());
        } catch (InvalidEventException e) {
            LOG.warnf("%s record at %d/%d skipped: %s", record.topic(), record.partition(), record.offset(), e.getMessage());
            return null;
        }
    }

    private PartitionWork work(TopicPartition partition) {
        return partitions.computeIfAbsent(partition, PartitionWork::new);
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A record received and not yet claimed; {@code dispatch} null when it could not be read (skipped). */
    private record Pending(long offset, Dispatch dispatch) {
    }

    private static final class PartitionWork {
        final TopicPartition partition;
        final ArrayDeque<Pending> pending = new ArrayDeque<>();
        /** The offset after the last record received. */
        long next = -1;
        long committed = -1;
        boolean paused;

        PartitionWork(TopicPartition partition) {
            this.partition = partition;
        }

        void received(ConsumerRecord<String, String> record, Dispatch dispatch) {
            pending.add(new Pending(record.offset(), dispatch));
            next = record.offset() + 1;
        }

        long committable() {
            return pending.isEmpty() ? next : pending.peekFirst().offset();
        }
    }

    /** Runs inside poll, on the polling thread: what this consumer has claimed of a partition it loses is committed. */
    private final class Rebalance implements ConsumerRebalanceListener {
        private final KafkaConsumer<String, String> kafkaConsumer;

        Rebalance(KafkaConsumer<String, String> kafkaConsumer) {
            this.kafkaConsumer = kafkaConsumer;
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> revoked) {
            try {
                commit(kafkaConsumer, true);
            } catch (RuntimeException e) {
                LOG.warnf("dispatch offsets not committed before a rebalance: %s", e.getMessage());
            }
            revoked.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> lost) {
            lost.forEach(partitions::remove);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> assigned) {
            assigned.forEach(partition -> partitions.put(partition, new PartitionWork(partition)));
        }
    }
}
