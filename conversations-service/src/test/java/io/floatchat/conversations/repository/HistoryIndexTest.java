package io.floatchat.conversations.repository;

import io.floatchat.conversations.rest.ConversationsApi;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With many users' messages interleaved in the table, every read of a history goes through one
 * user's entries of {@code message_history}: a deep page never scans the table, and a cursor page is
 * a seek in index order (no sort). At millions of rows the planner walks the deep page as an
 * index-only scan; the 10M-message cost ratio of page 200 to page 1 is measured in bench/.
 */
@QuarkusTest
class HistoryIndexTest {

    @Test
    void deepPagesAndCursorsStayOnTheIndex() throws SQLException {
        ConversationsApi api = new ConversationsApi();
        api.loadInterleaved(40, 5_000);
        try (Connection connection = EmbeddedPostgresServer.connect();
             Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = conversations");
            statement.execute("VACUUM ANALYZE message");
            String window = "customer_id = " + ConversationsApi.CUSTOMER + " AND bot_key = '" + api.botKey()
                    + "' AND user_id = 'user7' AND ts BETWEEN 0 AND 9000000000000";
            String deepPage = explain(statement, "SELECT m.* FROM (SELECT message_id FROM message WHERE " + window
                    + " ORDER BY ts, message_id LIMIT 501 OFFSET 4500) page JOIN message m ON m.bot_key = '"
                    + api.botKey() + "' AND m.message_id = page.message_id ORDER BY m.ts, m.message_id");
            assertThat(deepPage).contains("message_history").doesNotContain("Seq Scan");

            String cursorPage = explain(statement, "SELECT * FROM message m WHERE " + window.replace("customer_id", "m.customer_id")
                    + " AND (m.ts, m.message_id) > (1120007, 'user7-m0003000') ORDER BY m.ts, m.message_id LIMIT 501");
            assertThat(cursorPage).contains("message_history").doesNotContain("Seq Scan").doesNotContain("Sort");

            String count = explain(statement, "SELECT count(*) FROM message WHERE " + window);
            assertThat(count).contains("message_history").doesNotContain("Seq Scan");
        }
    }

    private static String explain(Statement statement, String sql) throws SQLException {
        StringBuilder plan = new StringBuilder();
        try (ResultSet rows = statement.executeQuery("EXPLAIN " + sql)) {
            while (rows.next()) {
                plan.append(rows.getString(1)).append('\n');
            }
        }
        return plan.toString();
    }
}
