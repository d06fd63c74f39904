package io.floatchat.e2e;

import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;

import java.util.Map;

/** Events as an outside producer publishes them to {@code floatchat.trigger-events.v1}, for the demo tenant's flows. */
final class TriggerEvents {

    private TriggerEvents() {
    }

    /** {@code count} events of {@code eventType}, ids {@code <eventType>-0...}, users {@code <userPrefix>00000000...}. */
    static void publish(LocalPlatform platform, String eventType, String userPrefix, int count) {
        DemoTenant demo = platform.demoTenant();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of("bootstrap.servers",
                platform.infrastructure().kafkaBootstrapServers()), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                producer.send(new ProducerRecord<>("floatchat.trigger-events.v1", demo.customerId() + "/" + demo.botKey(),
                        "{\"eventId\":\"" + eventType + "-" + i + "\",\"customerId\":" + demo.customerId() + ",\"botKey\":\""
                                + demo.botKey() + "\",\"eventType\":\"" + eventType + "\",\"userId\":\"" + userPrefix
                                + String.format("%08d", i) + "\",\"attributes\":{},\"occurredAt\":" + System.currentTimeMillis()
                                + "}"));
            }
            producer.flush();
        }
    }
}
