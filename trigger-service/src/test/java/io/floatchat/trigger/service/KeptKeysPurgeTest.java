package io.floatchat.trigger.service;

import io.floatchat.common.idempotency.KeptKeysPurge;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The purge every service runs (common): here, where no service-specific code ever forgot a key. */
@QuarkusTest
class KeptKeysPurgeTest {

    @Inject
    KeptKeysPurge purge;

    @Test
    void keysAndProcessedEventsPastTheirTimeAreForgottenAndTheRestKept() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        long now = System.currentTimeMillis();
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            // a client's key is kept 48 h, an event's 8 days (longer than its topic keeps it)
            insertKey(connection, "client-old-" + run, now - Duration.ofHours(49).toMillis());
            insertKey(connection, "client-new-" + run, now - Duration.ofHours(47).toMillis());
            insertKey(connection, "request:event-old-" + run, now - Duration.ofDays(9).toMillis());
            insertKey(connection, "request:event-new-" + run, now - Duration.ofDays(3).toMillis());
            statement.executeUpdate("INSERT INTO trigger.processed_event (event_id, processed_at) VALUES "
                    + "('old-" + run + "', now() - interval '9 days'), ('new-" + run + "', now() - interval '7 days')");

            assertThat(purge.purgeNow().await().atMost(Duration.ofSeconds(10))).isGreaterThanOrEqualTo(3);

            assertThat(column(connection, "SELECT key FROM trigger.idempotency_key WHERE key LIKE '%" + run + "' ORDER BY key"))
                    .containsExactly("client-new-" + run, "request:event-new-" + run);
            assertThat(column(connection, "SELECT event_id FROM trigger.processed_event WHERE event_id LIKE '%" + run + "'"))
                    .containsExactly("new-" + run);
        }
    }

    private static void insertKey(Connection connection, String key, long createdAt) throws Exception {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trigger.idempotency_key "
                + "(customer_id, bot_key, key, request_hash, response, created_at) VALUES (10001, 'purge-bot', ?, 'h', '{}', ?)")) {
            insert.setString(1, key);
            insert.setLong(2, createdAt);
            insert.executeUpdate();
        }
    }

    private static List<String> column(Connection connection, String query) throws Exception {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(query)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }
}
