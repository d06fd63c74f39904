package io.floatchat.local;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Stopping a PostgreSQL by its data directory: what the launcher does when it is stopped while starting. */
class LocalPostgresTest {

    @Test
    void aPostgresStartedOnTheDataDirectoryIsStoppedWithoutItsHandle(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("postgres");
        LocalPostgres postgres = LocalPostgres.start(data, dir.resolve("postgres.log"));
        String url = postgres.jdbcUrl();
        try (var connection = DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD)) {
            assertThat(connection.isValid(5)).isTrue();
        }

        LocalPostgres.stopRunningOn(data, Duration.ofSeconds(30));

        assertThatThrownBy(() -> DriverManager.getConnection(url, LocalPostgres.USER, LocalPostgres.PASSWORD).close())
                .as("nothing listens on its port any more").isInstanceOf(java.sql.SQLException.class);
        assertThat(data.resolve("postmaster.pid")).as("a clean shutdown removes its pid file").doesNotExist();
    }

    @Test
    void aPidFileLeftByACrashNamingAnotherProgramLeavesThatProgramAlone(@TempDir Path data) throws Exception {
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(data.resolve("postmaster.pid"), other.pid() + "\n" + data + "\n");

            LocalPostgres.stopRunningOn(data, Duration.ofSeconds(5));

            assertThat(other.isAlive()).isTrue();
        } finally {
            other.destroyForcibly();
        }
    }
}
