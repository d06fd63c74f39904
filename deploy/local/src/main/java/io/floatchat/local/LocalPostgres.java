package io.floatchat.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL whose data lives in the data directory, so a restart keeps it. One database,
 * one schema per service (each service migrates its own with Flyway).
 */
final class LocalPostgres implements AutoCloseable {

    static final String DATABASE = "floatchat";
    static final String USER = "postgres";
    static final String PASSWORD = "postgres";

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static LocalPostgres start(Path dataDirectory, Path log) {
        EmbeddedPostgres server;
        try {
            server = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDirectory)
                    .setCleanDataDirectory(false)
                    .setPort(Ports.free())
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
        LocalPostgres postgres = new LocalPostgres(server);
        postgres.createDatabaseIfMissing();
        return postgres;
    }

    int port() {
        return server.getPort();
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

    @Override
    public void close() {
        try {
            server.close();
        } catch (IOException ignored) {
            // pg_ctl stop failed: the postmaster exits with its parent's session anyway
        }
    }
}
