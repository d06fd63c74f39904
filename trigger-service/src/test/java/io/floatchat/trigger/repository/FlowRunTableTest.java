package io.floatchat.trigger.repository;

import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The run table's shape keeps the executor's frequent writes cheap. */
@QuarkusTest
class FlowRunTableTest {

    @Test
    void claimingARunAndRecordingItsProgressAreHotUpdates() throws Exception {
        String runId = "run_hot_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = EmbeddedPostgresServer.connect()) {
            connection.setAutoCommit(false);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO trigger.flow_run (id, customer_id, bot_key, "
                    + "flow_key, user_id, attributes, definition, status, created_at) VALUES (?, 10001, 'bot-hot', 'f', '9198', "
                    + "'{}', '{\"steps\":[]}', 'ACCEPTED', 1)")) {
                insert.setString(1, runId);
                insert.executeUpdate();
            }
            try (PreparedStatement claim = connection.prepareStatement(
                    "UPDATE trigger.flow_run SET status = 'RUNNING', claim = claim + 1, lease_until = 2 WHERE id = ?");
                 PreparedStatement progress = connection.prepareStatement(
                         "UPDATE trigger.flow_run SET steps = '[{\"status\":\"SUCCEEDED\"}]', lease_until = 3 WHERE id = ?")) {
                claim.setString(1, runId);
                claim.executeUpdate();
                progress.setString(1, runId);
                progress.executeUpdate();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet counts = statement.executeQuery("SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_xact_user_tables "
                         + "WHERE schemaname = 'trigger' AND relname = 'flow_run'")) {
                assertThat(counts.next()).isTrue();
                assertThat(counts.getLong("n_tup_upd")).isEqualTo(2);
                assertThat(counts.getLong("n_tup_hot_upd")).as("no index entry added by claim, renewal or progress").isEqualTo(2);
            }
            connection.rollback();
        }
    }
}
