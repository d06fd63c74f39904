package io.floatchat.local;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.utils.Exit;
import org.apache.kafka.common.utils.Time;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.BindException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntSupplier;

/**
 * A single-node KRaft Kafka (broker and controller in one), in this JVM, with its log in the data
 * directory so that undelivered events survive a restart.
 */
final class LocalKafka implements AutoCloseable {

    private final Path logDirectory;
    private final Properties properties;
    private final int port;
    private KafkaRaftServer server;

    private LocalKafka(Path logDirectory, Properties properties, int port) {
        this.logDirectory = logDirectory;
        this.properties = properties;
        this.port = port;
    }

    static LocalKafka start(Path logDirectory) {
        return start(logDirectory, Ports::free);
    }

    /**
     * How many port pairs a start tries. A port is free when {@link Ports#free} looks and taken by the
     * time the broker binds it if another process's connection draws it as its own local port in
     * between. (The CI run of 0f89a46 lost an e2e start to "Kafka did not start" without a cause in
     * the message; this race is the one we could see, and the message now carries the cause.)
     */
    static final int START_ATTEMPTS = 3;

    static LocalKafka start(Path logDirectory, IntSupplier freePort) {
        for (int attempt = 1; ; attempt++) {
            int port = freePort.getAsInt();
            LocalKafka kafka = new LocalKafka(logDirectory, properties(logDirectory, port, freePort.getAsInt()), port);
            try {
                Files.createDirectories(logDirectory);
                formatOnFirstStart(logDirectory, kafka.properties);
            } catch (IOException | RuntimeException e) {
                throw kafka.didNotStart(e);
            }
            try {
                kafka.startServer();
            } catch (LaunchException e) {
                // a taken broker port is a BindException; a taken controller port stops Kafka itself (see
                // startServer), which names no cause: both are worth fresh ports, and nothing else was set up
                if (attempt < START_ATTEMPTS && worthOtherPorts(e)) {
                    continue;
                }
                throw e;
            }
            kafka.compact(COMPACTED_TOPICS);
            return kafka;
        }
    }

    /** Starts the broker again on the same ports and log after {@link #close} (an outage ending). */
    synchronized void startAgain() {
        if (server == null) {
            startServer();
        }
    }

    private synchronized void startServer() {
        KafkaRaftServer starting = null;
        // a fault Kafka deems fatal while starting (its controller failing to bind, say) halts the JVM —
        // the whole launcher, without a word: while starting, it is an exception to report instead
        Exit.setHaltProcedure(LocalKafka::stoppedItself);
        Exit.setExitProcedure(LocalKafka::stoppedItself);
        try {
            starting = new KafkaRaftServer(KafkaConfig.fromProps(properties), Time.SYSTEM);
            starting.startup();
            server = starting;
        } catch (RuntimeException e) {
            if (starting != null) {
                // the controller may be up while the broker failed: it holds its port and the log's lock
                shutDownQuietly(starting);
            }
            throw didNotStart(e);
        } finally {
            Exit.resetHaltProcedure();
            Exit.resetExitProcedure();
        }
    }

    private static void stoppedItself(int status, String message) {
        throw new KafkaStoppedItself("Kafka stopped itself while starting (status " + status + ")"
                + (message == null ? "" : ": " + message));
    }

    /** What Kafka's own exit or halt becomes while it starts. */
    static final class KafkaStoppedItself extends RuntimeException {
        KafkaStoppedItself(String message) {
            super(message);
        }
    }

    private static void shutDownQuietly(KafkaRaftServer failed) {
        try {
            failed.shutdown();
            failed.awaitShutdown();
        } catch (RuntimeException ignored) {
            // what failed to start may fail to stop: the start's own error is the one to report
        }
    }

    private LaunchException didNotStart(Exception e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String why = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        return new LaunchException("Kafka did not start (log in " + logDirectory + "): " + why, e);
    }

    private static boolean worthOtherPorts(LaunchException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException || cause instanceof KafkaStoppedItself) {
                return true;
            }
        }
        return false;
    }

    String bootstrapServers() {
        return "localhost:" + port;
    }

    /**
     * Topics that keep the latest record of each key for ever instead of a week's records: the gateway's
     * announcements of bots, which every service reads whole when it starts (common's Topics.TENANTS).
     */
    static final List<String> COMPACTED_TOPICS = List.of("floatchat.tenants.v1");

    /**
     * The largest record the broker takes: as every producer's max.request.size (common's
     * Topics.MOST_RECORD_BYTES, which the launcher does not depend on; its test checks both agree),
     * so a record a service sends is never refused here.
     */
    static final int MOST_RECORD_BYTES = 1_048_576;

    /** Creates the topics compacted, or makes them so if an earlier run created them otherwise. */
    private void compact(List<String> topics) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = topics.stream().filter(topic -> !existing.contains(topic))
                    .map(topic -> new NewTopic(topic, 1, (short) 1).configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG,
                            TopicConfig.CLEANUP_POLICY_COMPACT))).toList();
            admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
            Map<ConfigResource, Collection<AlterConfigOp>> compacted = new HashMap<>();
            topics.stream().filter(existing::contains).forEach(topic -> compacted.put(
                    new ConfigResource(ConfigResource.Type.TOPIC, topic), List.of(new AlterConfigOp(new ConfigEntry(
                            TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT), AlterConfigOp.OpType.SET))));
            admin.incrementalAlterConfigs(compacted).all().get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new LaunchException("Kafka's topics could not be set up: interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new LaunchException("Kafka's topics could not be set up: " + e.getMessage(), e);
        }
    }

    private static Properties properties(Path logDirectory, int port, int controllerPort) {
        Properties properties = new Properties();
        properties.put("process.roles", "broker,controller");
        properties.put("node.id", "1");
        properties.put("controller.quorum.voters", "1@localhost:" + controllerPort);
        properties.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
        properties.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
        properties.put("controller.listener.names", "CONTROLLER");
        properties.put("inter.broker.listener.name", "PLAINTEXT");
        properties.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        properties.put("log.dirs", logDirectory.toString());
        // one broker: the internal topics cannot have three replicas
        properties.put("offsets.topic.replication.factor", "1");
        properties.put("offsets.topic.num.partitions", "3");
        properties.put("transaction.state.log.replication.factor", "1");
        properties.put("transaction.state.log.min.isr", "1");
        properties.put("share.coordinator.state.topic.replication.factor", "1");
        properties.put("share.coordinator.state.topic.min.isr", "1");
        properties.put("group.initial.rebalance.delay.ms", "0");
        properties.put("auto.create.topics.enable", "true");
        properties.put("num.partitions", "3");
        properties.put("message.max.bytes", String.valueOf(MOST_RECORD_BYTES));
        properties.put("log.retention.hours", "168");
        return properties;
    }

    private static void formatOnFirstStart(Path logDirectory, Properties properties) throws IOException {
        if (Files.exists(logDirectory.resolve("meta.properties"))) {
            return;
        }
        Path config = Files.createTempFile("floatchat-kafka", ".properties");
        try (OutputStream out = Files.newOutputStream(config)) {
            properties.store(out, "format");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int status = StorageTool.execute(new String[]{"format", "-t", Uuid.randomUuid().toString(),
                "-c", config.toString()}, new PrintStream(output, true, StandardCharsets.UTF_8));
        Files.deleteIfExists(config);
        if (status != 0) {
            throw new LaunchException("Kafka could not format its log directory " + logDirectory + ": "
                    + output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        server.shutdown();
        server.awaitShutdown();
        server = null;
    }
}
