package io.floatchat.bench;

import io.floatchat.local.LocalPlatform;
import io.floatchat.local.LocalPlatformConfig;
import io.floatchat.local.PlatformService;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * The platform under test, started as {@code ./floatchat up} starts it, in a fresh data directory
 * (bench/target/data-&lt;benchmark&gt;) on free ports.
 */
final class BenchPlatform implements AutoCloseable {

    static final String ADMIN_TOKEN = "bench-admin-token-0123456789abcdef";

    private final LocalPlatform platform;
    private final Path home;
    private final Path data;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** A benchmark stopped with Ctrl-C stops its platform too, instead of leaving it running. */
    private final Thread stopOnExit = new Thread(this::close, "bench-platform-stop");

    private BenchPlatform(LocalPlatform platform, Path home, Path data) {
        this.platform = platform;
        this.home = home;
        this.data = data;
        Runtime.getRuntime().addShutdownHook(stopOnExit);
    }

    static BenchPlatform start(Path home, String benchmark, Map<String, String> extraEnvironment) {
        Path data = home.resolve("bench/target/data-" + benchmark);
        deleteRecursively(data);
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.put("FLOATCHAT_DATA_DIR", data.toString());
        environment.put("FLOATCHAT_HTTP_PORT", "0");
        environment.put("FLOATCHAT_ADMIN_TOKEN", ADMIN_TOKEN);
        environment.putAll(extraEnvironment);
        long started = System.nanoTime();
        LocalPlatform platform = LocalPlatform.start(LocalPlatformConfig.fromEnvironment(home, environment), line -> { });
        System.out.printf("platform ready in %.1f s (data in %s)%n", (System.nanoTime() - started) / 1e9, data);
        return new BenchPlatform(platform, home, data);
    }

    LocalPlatform local() {
        return platform;
    }

    /** PostgreSQL's processes: the postmaster and its backends. */
    List<ProcessHandle> postgresProcesses() {
        return ProcessStats.postgres(data.resolve("postgres"));
    }

    Path home() {
        return home;
    }

    String url(PlatformService service) {
        return service == PlatformService.GATEWAY ? platform.gatewayUrl() : platform.serviceUrl(service);
    }

    /** A JDBC connection as the given service's role (schema on its search_path). */
    Connection database(PlatformService service) throws SQLException {
        Map<String, String> environment = platform.infrastructure().serviceEnvironment(service);
        Connection connection = DriverManager.getConnection(environment.get("QUARKUS_DATASOURCE_JDBC_URL"),
                environment.get("QUARKUS_DATASOURCE_USERNAME"), environment.get("QUARKUS_DATASOURCE_PASSWORD"));
        String schema = switch (service) {
            case GATEWAY -> "gateway";
            case USERS -> "users";
            case CONVERSATIONS -> "conversations";
            case BROADCAST -> "broadcast";
            case TRIGGER -> "trigger";
        };
        connection.createStatement().execute("SET search_path = " + schema);
        return connection;
    }

    /** The gateway's signing key, to mint the tokens the gateway would for calls straight to a service. */
    Path signingKey() {
        return Path.of(platform.infrastructure().serviceEnvironment(PlatformService.GATEWAY).get("SMALLRYE_JWT_SIGN_KEY_LOCATION"));
    }

    /**
     * Waits until every consumer group has read everything on its topics, so work left from a warm-up
     * does not run inside a measured window.
     */
    void awaitConsumersCaughtUp(Duration limit) throws Exception {
        awaitConsumersCaughtUp(limit, Duration.ofMillis(500));
    }

    /** The same, looking every {@code poll}. */
    void awaitConsumersCaughtUp(Duration limit, Duration poll) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", platform.infrastructure().kafkaBootstrapServers()))) {
            while (lag(admin) > 0) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("consumers still " + lag(admin) + " records behind after " + limit);
                }
                Thread.sleep(poll.toMillis());
            }
        }
    }

    private static long lag(Admin admin) throws Exception {
        long lag = 0;
        for (ConsumerGroupListing group : admin.listConsumerGroups().all().get()) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    admin.listConsumerGroupOffsets(group.groupId()).partitionsToOffsetAndMetadata().get();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.keySet().forEach(partition -> latest.put(partition, OffsetSpec.latest()));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get();
            for (Map.Entry<TopicPartition, OffsetAndMetadata> position : committed.entrySet()) {
                lag += ends.get(position.getKey()).offset() - position.getValue().offset();
            }
        }
        return lag;
    }

    ProcessHandle process(PlatformService service) {
        return platform.serviceProcess(service);
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (Thread.currentThread() != stopOnExit) {
            try {
                Runtime.getRuntime().removeShutdownHook(stopOnExit);
            } catch (IllegalStateException shuttingDown) {
                // the JVM is exiting: the hook has started and finds the platform closed here
            }
        }
        platform.close();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
