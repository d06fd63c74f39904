package io.floatchat.testing;

import io.floatchat.common.events.Topics;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.test.TestKitNodes;

/** One real in-process Kafka broker (KRaft, combined mode) per test JVM. */
public final class EmbeddedKafkaServer {

    private static KafkaClusterTestKit cluster;

    private EmbeddedKafkaServer() {
    }

    public static synchronized String bootstrapServers() {
        if (cluster == null) {
            // A broker thread that meets a "fatal" error while the JVM shuts down calls Exit.exit/halt:
            // in production that is right; here it would hand the test JVM a non-zero exit code after
            // every test passed. The embedded broker reports it instead.
            Exit.setExitProcedure((status, message) -> System.err.println(
                    "embedded Kafka asked to exit(" + status + "): " + message));
            Exit.setHaltProcedure((status, message) -> System.err.println(
                    "embedded Kafka asked to halt(" + status + "): " + message));
            try {
                KafkaClusterTestKit started = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                        .setCombined(true)
                        .setNumBrokerNodes(1)
                        .setNumControllerNodes(1)
                        .build())
                        // a single broker cannot hold three replicas of the internal topics:
                        // without these, consumer groups and transactions never start
                        .setConfigProp("offsets.topic.replication.factor", "1")
                        .setConfigProp("offsets.topic.num.partitions", "1")
                        .setConfigProp("transaction.state.log.replication.factor", "1")
                        .setConfigProp("transaction.state.log.min.isr", "1")
                        .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                        .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                        .setConfigProp("group.initial.rebalance.delay.ms", "0")
                        .setConfigProp("auto.create.topics.enable", "true")
                        .setConfigProp("num.partitions", "3")
                        // as every producer's max.request.size (common's config), so a test meets the limits of production
                        .setConfigProp("message.max.bytes", String.valueOf(Topics.MOST_RECORD_BYTES))
                        .build();
                started.format();
                started.startup();
                started.waitForReadyBrokers();
                cluster = started;
            } catch (Exception e) {
                throw new IllegalStateException("embedded Kafka did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedKafkaServer::stop, "embedded-kafka-stop"));
        }
        return cluster.bootstrapServers();
    }

    private static synchronized void stop() {
        if (cluster != null) {
            try {
                cluster.close();
            } catch (Exception ignored) {
                // the JVM is exiting
            }
            cluster = null;
        }
    }
}
