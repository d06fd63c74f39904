package io.floatchat.testing;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

/** Publishes raw records to the embedded Kafka, as an outside producer would. */
public final class TestKafka {

    private static KafkaProducer<String, String> producer;

    private TestKafka() {
    }

    /**
     * A consumer of the topics in a group of its own, reading from now on: it has its partitions and
     * its positions before it is returned, so nothing sent after this call is missed ("latest" is
     * otherwise resolved lazily, and records sent in between would be skipped).
     */
    public static KafkaConsumer<String, String> consumer(String... topics) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers",
                EmbeddedKafkaServer.bootstrapServers(), "group.id", "test-" + UUID.randomUUID(),
                "auto.offset.reset", "latest"), new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topics));
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (consumer.assignment().isEmpty()) {
            if (System.nanoTime() > deadline) {
                consumer.close();
                throw new IllegalStateException("no partitions assigned for " + List.of(topics));
            }
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.assignment().forEach(consumer::position);
        return consumer;
    }

    /** Sends and waits for the broker's acknowledgement. */
    public static synchronized void send(String topic, String key, String value) {
        if (producer == null) {
            producer = new KafkaProducer<>(Map.of("bootstrap.servers", EmbeddedKafkaServer.bootstrapServers(),
                    "acks", "all"), new StringSerializer(), new StringSerializer());
            Runtime.getRuntime().addShutdownHook(new Thread(producer::close, "test-kafka-producer-stop"));
        }
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not publish to " + topic, e.getCause());
        }
    }
}
