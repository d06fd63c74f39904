package io.floatchat.local;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * {@code ./floatchat up}: the whole platform in the foreground until Ctrl-C or SIGTERM.
 * {@code ./floatchat infra}: only PostgreSQL and Kafka, for running one service in Quarkus dev mode.
 */
public final class FloatchatCommand {

    private static final PrintStream OUT = System.out;

    private FloatchatCommand() {
    }

    public static void main(String[] args) {
        String command = args.length == 0 ? "up" : args[0];
        Path home = Path.of(System.getProperty("floatchat.home", ".")).toAbsolutePath().normalize();
        try {
            switch (command) {
                case "up" -> up(home);
                case "infra" -> infra(home);
                case "help", "-h", "--help" -> usage(OUT);
                default -> {
                    usage(System.err);
                    System.exit(2);
                }
            }
        } catch (LaunchException e) {
            System.err.println("floatchat: " + e.getMessage());
            System.exit(1);
        }
    }

    private static void up(Path home) {
        LocalPlatformConfig config = LocalPlatformConfig.fromEnvironment(home, System.getenv());
        routeInfrastructureLogs(config);
        OUT.println("Starting FloatChat (data in " + config.dataDir().toAbsolutePath().normalize() + ") ...");
        long started = System.nanoTime();
        Thread stopWhileStarting = new Thread(() -> stopWhatStarted(config), "floatchat-stop-while-starting");
        Runtime.getRuntime().addShutdownHook(stopWhileStarting);
        LocalPlatform platform = LocalPlatform.start(config, OUT::println);
        try {
            Runtime.getRuntime().removeShutdownHook(stopWhileStarting);
        } catch (IllegalStateException stopping) {
            return; // Ctrl-C as the start ended: the hook is stopping what was started
        }
        OUT.print(Banner.of(platform, (System.nanoTime() - started) / 1_000_000));
        runUntilStopped(platform);
    }

    /**
     * Ctrl-C while the platform is still starting: the services already started are this JVM's
     * children and PostgreSQL a daemon of its own; without this they would outlive it (Kafka, in
     * this JVM, stops with it).
     */
    private static void stopWhatStarted(LocalPlatformConfig config) {
        List<ProcessHandle> children = ProcessHandle.current().children().toList();
        children.forEach(ProcessHandle::destroy);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        for (ProcessHandle child : children) {
            try {
                child.onExit().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (Exception notStoppedInTime) {
                child.destroyForcibly();
            }
        }
        // not the PostgreSQL of another launcher that holds this data directory (this one then refused to start)
        if (DataDirectory.heldHere(config.dataDir())) {
            LocalPostgres.stopRunningOn(config.dataDir().resolve("postgres"), Duration.ofSeconds(15));
        }
    }

    private static void infra(Path home) {
        LocalPlatformConfig config = LocalPlatformConfig.fromEnvironment(home, System.getenv());
        routeInfrastructureLogs(config);
        LocalInfrastructure infrastructure = LocalInfrastructure.start(config);
        Path envFile = config.dataDir().resolve("dev.env");
        String exports = infrastructure.serviceEnvironment(PlatformService.USERS).entrySet().stream()
                .map(entry -> "export " + entry.getKey() + "='" + entry.getValue() + "'")
                .collect(Collectors.joining("\n", "", "\n"));
        try {
            Files.writeString(envFile, exports);
        } catch (IOException e) {
            throw new LaunchException("Cannot write " + envFile + ": set FLOATCHAT_DATA_DIR to a writable folder.", e);
        }
        OUT.println("PostgreSQL: " + infrastructure.postgresJdbcUrl());
        OUT.println("Kafka:      " + infrastructure.kafkaBootstrapServers());
        OUT.println("Run one service in dev mode against them, in another terminal:");
        OUT.println("  source " + envFile.toAbsolutePath().normalize() + " && ./mvnw -pl users-service quarkus:dev");
        runUntilStopped(infrastructure);
    }

    private static void runUntilStopped(AutoCloseable running) {
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            OUT.println("Stopping FloatChat ...");
            try {
                running.close();
            } catch (Exception e) {
                System.err.println("floatchat: stopping failed: " + e.getMessage());
            }
            OUT.println("Stopped.");
            stopped.countDown();
        }, "floatchat-stop"));
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Kafka and PostgreSQL log through SLF4J: to a file, so the console stays readable. */
    private static void routeInfrastructureLogs(LocalPlatformConfig config) {
        Path log = config.dataDir().resolve("logs").resolve("kafka.log");
        try {
            Files.createDirectories(log.getParent());
        } catch (IOException | SecurityException e) {
            throw new LaunchException("Cannot write to the data directory " + config.dataDir()
                    + ": set FLOATCHAT_DATA_DIR to a writable folder.");
        }
        Map.of("org.slf4j.simpleLogger.logFile", log.toString(),
                "org.slf4j.simpleLogger.defaultLogLevel", "info",
                "org.slf4j.simpleLogger.showDateTime", "true")
                .forEach(System::setProperty);
    }

    private static void usage(PrintStream out) {
        out.println("""
                usage: ./floatchat [up|infra|help]
                  up     start PostgreSQL, Kafka and the five services; Ctrl-C stops them all (default)
                  infra  start only PostgreSQL and Kafka and write <data dir>/dev.env for quarkus:dev
                environment: FLOATCHAT_HTTP_PORT (8080), FLOATCHAT_DATA_DIR (.floatchat), FLOATCHAT_ADMIN_TOKEN,
                             FLOATCHAT_JAVA_OPTS, and any QUARKUS_* / FLOATCHAT_* setting of the services""");
    }
}
