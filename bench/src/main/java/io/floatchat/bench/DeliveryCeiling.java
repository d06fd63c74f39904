package io.floatchat.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.BroadcastEvent;
import io.floatchat.common.events.Direction;
import io.floatchat.common.events.MessageEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.local.PlatformService;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * What a sent sandbox recipient costs the platform besides broadcast-service's own work, in the same
 * run as the uncapped broadcast: the Kafka traffic of its events alone, the consumers that store them
 * (the sandbox channel "delivers into the conversation history", so a recipient is delivered when its
 * history row is stored; a sent message also moves the user's activity and is offered to the flows),
 * and the cheapest history write there is. However fast the sender, the platform cannot deliver faster
 * than these on the same cores.
 */
final class DeliveryCeiling {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String BROADCAST_ID = "bc_deliveryceiling0000000000000000";
    private static final JsonNode MESSAGE = parse(BroadcastBench.TEXT_MESSAGE);

    private DeliveryCeiling() {
    }

    private static JsonNode parse(String json) {
        try {
            return JSON.readTree(json);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /**
     * The events broadcast-service's outbox publishes for {@code recipients} sent sandbox messages
     * (an OUTBOUND {@code floatchat.messages.v1} event and a {@code message.sent} broadcast event each),
     * published by a plain producer; recipients/s from the first send until every consumer group has
     * stored them (history rows, user activity, flows).
     */
    static Rate downstream(BenchPlatform platform, Tenant tenant, int firstUser, int recipients) throws Exception {
        platform.awaitConsumersCaughtUp(Duration.ofMinutes(10), Duration.ofMillis(500));
        long now = System.currentTimeMillis();
        CpuUse cpu = CpuUse.since(platform);
        long started = System.nanoTime();
        try (KafkaProducer<String, String> producer = producer(platform)) {
            for (int i = 0; i < recipients; i++) {
                sendSent(producer, Topics.BROADCAST_EVENTS, Topics.MESSAGES, tenant, Integer.toString(firstUser + i), now);
            }
        }
        // polled often: the end of the span is when the last consumer caught up, give or take a poll
        platform.awaitConsumersCaughtUp(Duration.ofMinutes(10), Duration.ofMillis(50));
        return new Rate(recipients / ((System.nanoTime() - started) / 1e9), cpu.cores());
    }

    /**
     * The Kafka traffic alone that docs/architecture.md's topic table gives each sent recipient, with no
     * service: its two events produced to two scratch topics shaped like the real ones (the broker's
     * default partitions), read by one plain consumer per consumer group the table names — two for the
     * messages (conversations, users), one for the broadcast events (trigger); this implementation adds a
     * third reader of the messages, broadcast's window projection — that only count what they read (no
     * parsing, no offsets committed). Recipients/s from the first send until every consumer has read
     * everything.
     */
    static Rate kafkaTraffic(BenchPlatform platform, Tenant tenant, int run, int recipients) throws Exception {
        String messages = "bench.traffic.messages." + run;
        String events = "bench.traffic.events." + run;
        try (KafkaProducer<String, String> producer = producer(platform)) {
            // the topics exist, with their partitions, before the consumers are placed at their ends
            producer.partitionsFor(messages);
            producer.partitionsFor(events);
        }
        List<String> readers = List.of(messages, messages, events);
        ExecutorService threads = Executors.newFixedThreadPool(readers.size());
        List<KafkaConsumer<String, String>> consumers = new ArrayList<>();
        try {
            for (String topic : readers) {
                consumers.add(positionedAtEnd(platform, topic));
            }
            long now = System.currentTimeMillis();
            CpuUse cpu = CpuUse.since(platform);
            long started = System.nanoTime();
            List<Future<?>> reading = new ArrayList<>();
            for (KafkaConsumer<String, String> consumer : consumers) {
                reading.add(threads.submit(() -> readUntil(consumer, recipients)));
            }
            try (KafkaProducer<String, String> producer = producer(platform)) {
                for (int i = 0; i < recipients; i++) {
                    sendSent(producer, events, messages, tenant, Integer.toString(i), now);
                }
            }
            for (Future<?> read : reading) {
                read.get();
            }
            return new Rate(recipients / ((System.nanoTime() - started) / 1e9), cpu.cores());
        } finally {
            threads.shutdownNow();
            consumers.forEach(KafkaConsumer::close);
        }
    }

    private static KafkaConsumer<String, String> positionedAtEnd(BenchPlatform platform, String topic) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", platform.local().infrastructure().kafkaBootstrapServers(),
                "enable.auto.commit", "false"), new StringDeserializer(), new StringDeserializer());
        List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position);
        return consumer;
    }

    private static void readUntil(KafkaConsumer<String, String> consumer, int records) {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        long read = 0;
        while (read < records) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("read " + read + " of " + records + " records in 10 minutes");
            }
            read += consumer.poll(Duration.ofMillis(100)).count();
        }
    }

    private static KafkaProducer<String, String> producer(BenchPlatform platform) {
        return new KafkaProducer<>(Map.of("bootstrap.servers", platform.local().infrastructure().kafkaBootstrapServers(),
                "acks", "all", "enable.idempotence", "true", "linger.ms", "1"), new StringSerializer(), new StringSerializer());
    }

    /** A sent sandbox recipient's two events, as broadcast-service's outbox publishes them. */
    private static void sendSent(KafkaProducer<String, String> producer, String eventsTopic, String messagesTopic,
                                 Tenant tenant, String userId, long now) throws Exception {
        String messageId = "wamid.ceiling" + userId;
        producer.send(new ProducerRecord<>(eventsTopic, BROADCAST_ID, JSON.writeValueAsString(
                new BroadcastEvent(BroadcastEvent.MESSAGE_SENT + "-ceiling-" + userId, BroadcastEvent.MESSAGE_SENT,
                        tenant.customerId(), tenant.botKey(), BROADCAST_ID, userId, messageId, null, null, now))));
        producer.send(new ProducerRecord<>(messagesTopic, Topics.userKey(tenant.botKey(), userId),
                JSON.writeValueAsString(new MessageEvent("sent-ceiling-" + userId, tenant.customerId(), tenant.botKey(),
                        userId, "sandbox", messageId, Direction.OUTBOUND, "text", BroadcastBench.TEXT,
                        MESSAGE, now, BROADCAST_ID, null))));
    }

    /** Recipients/s, and the cores each part of the platform used meanwhile. */
    record Rate(double perSecond, String cores) {
    }

    /**
     * The cheapest way PostgreSQL stores history rows: COPY of {@code rows} OUTBOUND messages into a
     * scratch copy of conversations' message table (same columns, key and index; WAL-logged like it),
     * dropped afterwards. Rows/s.
     */
    static double historyCopy(BenchPlatform platform, int firstUser, int rows, Tenant tenant) throws Exception {
        try (Connection sql = platform.database(PlatformService.CONVERSATIONS); Statement statement = sql.createStatement()) {
            statement.execute("DROP TABLE IF EXISTS bench_history_floor");
            statement.execute("CREATE TABLE bench_history_floor (LIKE message INCLUDING ALL)");
            try {
                String payload = BroadcastBench.TEXT_MESSAGE.replace("\\", "\\\\");
                long now = System.currentTimeMillis();
                return CopyLoader.copy(sql, "bench_history_floor", "customer_id, bot_key, user_id, message_id, channel, "
                        + "direction, type, text, payload, ts, broadcast_id", rows, i -> tenant.customerId() + "\t"
                        + tenant.botKey() + "\t" + (firstUser + i) + "\twamid.floor" + i + "\tsandbox\tOUTBOUND\ttext\t"
                        + BroadcastBench.TEXT + "\t" + payload + "\t" + now + "\t" + BROADCAST_ID);
            } finally {
                statement.execute("DROP TABLE bench_history_floor");
            }
        }
    }
}
