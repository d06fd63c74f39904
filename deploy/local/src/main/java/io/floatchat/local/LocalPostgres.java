package io.floatchat.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL whose data lives in the data directory, so a restart keeps it. One database,
 * one schema per service (each service migrates its own with Flyway).
 */
final class LocalPostgres implements AutoCloseable {

    static final String DATABASE = "floatchat";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final Path dataDirectory;
    private final Path log;
    private final int port;
    private EmbeddedPostgres server;

    private LocalPostgres(Path dataDirectory, Path log, int port) {
        this.dataDirectory = dataDirectory;
        this.log = log;
        this.port = port;
    }

    static LocalPostgres start(Path dataDirectory, Path log) {
        LocalPostgres postgres = new LocalPostgres(dataDirectory, log, Ports.free());
        postgres.startServer();
        postgres.createDatabaseIfMissing();
        return postgres;
    }

    /** Starts the server again on the same port and data after {@link #close} (an outage ending). */
    synchronized void startAgain() {
        if (server == null) {
            startServer();
        }
    }

    private synchronized void startServer() {
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(port)
                    // the data outlives the process: keep PostgreSQL's durability, which the
                    // test-oriented defaults of the embedded library turn off
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on")
                    .setServerConfig("listen_addresses", "localhost")
                    .setOutputRedirector(Redirect.appendTo(log.toFile()))
                    .setErrorRedirector(Redirect.appendTo(log.toFile()))
                    .setRegisterShutdownHook(false)
                    .start();
        } catch (IOException | RuntimeException e) {
            throw new LaunchException("PostgreSQL did not start (data in " + dataDirectory + "); see " + log + ".", e);
        }
    }

    int port() {
        return port;
    }

    String jdbcUrl() {
        return "jdbc:postgresql://localhost:" + port() + "/" + DATABASE;
    }

    String reactiveUrl() {
        return "postgresql://localhost:" + port() + "/" + DATABASE;
    }

    private void createDatabaseIfMissing() {
        try (Connection connection = server.getPostgresDatabase().getConnection();
             PreparedStatement exists = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            exists.setString(1, DATABASE);
            try (ResultSet row = exists.executeQuery(); Statement create = connection.createStatement()) {
                if (!row.next()) {
                    create.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new LaunchException("PostgreSQL started but the database '" + DATABASE + "' could not be created.", e);
        }
    }

    /**
     * Stops the PostgreSQL running on {@code dataDirectory} without its handle (the launcher stopped
     * while starting), as {@code pg_ctl stop} does: the postmaster's pid is the first line of
     * {@code postmaster.pid}; SIGTERM is its "smart" shutdown, which its clients, stopped, no longer hold up.
     */
    static void stopRunningOn(Path dataDirectory, Duration grace) {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        try {
            if (!Files.exists(pidFile)) {
                return;
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            // a pid left by a crash may belong to another program by now
            ProcessHandle.of(pid).filter(process -> process.info().command().orElse("").endsWith("postgres")).ifPresent(postmaster -> {
                postmaster.destroy();
                try {
                    postmaster.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
                } catch (Exception notStoppedInTime) {
                    postmaster.destroyForcibly();
                }
            });
        } catch (IOException | RuntimeException unreadable) {
            // no readable pid: nothing this launcher started is running there
        }
    }

    @Override
    public synchronized void close() {
        if (server == null) {
            return;
        }
        try {
            server.close();
        } catch (IOException ignored) {
            // pg_ctl stop failed: the postmaster exits with its parent's session anyway
        }
        server = null;
    }
}
