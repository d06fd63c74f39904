package io.floatchat.users.repository;

import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.users.AttributeOperator;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At 100k users with invented attribute names, the planner answers every operator of the search from
 * an index on user_attribute, never a sequential scan: the exact SQL the repository runs is explained.
 */
@QuarkusTest
class AttributeSearchIndexTest {

    private static final String BOT = "bot-explain";
    private static boolean loaded;

    @BeforeEach
    void load100kUsers() throws SQLException {
        if (loaded) {
            return;
        }
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute("SET search_path = users");
            statement.execute("INSERT INTO app_user (customer_id, bot_key, user_id, channel, attributes, first_seen_at, last_active_at) "
                    + "SELECT 10001, '" + BOT + "', 'u' || lpad(g::text, 6, '0'), 'whatsapp', '{}', 1, 1 FROM generate_series(1, 100000) g");
            for (String name : List.of("plan", "city", "score", "email", "custom_field_17")) {
                statement.execute("INSERT INTO user_attribute (bot_key, user_id, name, value_text, value_num) "
                        + "SELECT '" + BOT + "', 'u' || lpad(g::text, 6, '0'), '" + name + "', "
                        + "CASE WHEN '" + name + "' = 'score' THEN (g % 1000)::text ELSE '" + name + "-' || (g % 5000) || '@example.com' END, "
                        + "CASE WHEN '" + name + "' = 'score' THEN g % 1000 END FROM generate_series(1, 100000) g");
            }
            statement.execute("ANALYZE app_user");
            statement.execute("ANALYZE user_attribute");
        }
        loaded = true;
    }

    @ParameterizedTest
    @CsvSource({
            "plan, EQ, plan-42@example.com",
            "score, EQ, 42",
            "custom_field_17, STARTS_WITH, custom_field_17-421",
            "email, CONTAINS, 4217@exa",
            "score, GT, 998",
            "score, GTE, 998",
            "score, LT, 1",
            "score, LTE, 1",
            "city, GT, city-4999",
            "nonexistent, EXISTS, ",
            "nonexistent, NE, x"})
    void everyOperatorUsesAnIndex(String name, AttributeOperator operator, String value) throws SQLException {
        AttributeSearch search = AttributeSearch.of(10001, BOT, name, operator, value);
        List<Object> parameters = new java.util.ArrayList<>(search.parameters());
        parameters.add(500);
        parameters.add(0L);
        String page = explain(UserRepository.searchSql(search, parameters.size() - 1, parameters.size()), parameters);
        String count = explain(UserRepository.countSql(search), search.parameters());

        for (String plan : List.of(page, count)) {
            assertThat(plan).as(operator + " " + name).doesNotContain("Seq Scan on user_attribute")
                    .containsAnyOf("Index Scan", "Index Only Scan", "Bitmap Index Scan");
        }
    }

    @Test
    void theLoadedDataAnswersCorrectly() throws SQLException {
        AttributeSearch search = AttributeSearch.of(10001, BOT, "score", AttributeOperator.GT, "998");
        try (Connection connection = connect(); PreparedStatement statement = prepare(connection,
                UserRepository.countSql(search), search.parameters()); ResultSet rows = statement.executeQuery()) {
            rows.next();
            assertThat(rows.getLong(1)).isEqualTo(100);
        }
    }

    /** EXPLAIN of the statement as a generic plan, the way a cached prepared statement runs. */
    private static String explain(String sql, List<Object> parameters) throws SQLException {
        try (Connection connection = connect(); Statement settings = connection.createStatement()) {
            settings.execute("SET search_path = users");
            settings.execute("SET plan_cache_mode = force_generic_plan");
            StringBuilder plan = new StringBuilder();
            try (PreparedStatement statement = prepare(connection, "EXPLAIN " + sql, parameters);
                 ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    plan.append(rows.getString(1)).append('\n');
                }
            }
            return plan.toString();
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, List<Object> parameters) throws SQLException {
        Statement setup = connection.createStatement();
        setup.execute("SET search_path = users");
        PreparedStatement statement = connection.prepareStatement(sql.replaceAll("\\$\\d+", "?"));
        // $n may repeat or be used out of order: bind by position in the rewritten text
        java.util.regex.Matcher matcher = java.util.regex.Pattern.compile("\\$(\\d+)").matcher(sql);
        int index = 1;
        while (matcher.find()) {
            Object value = parameters.get(Integer.parseInt(matcher.group(1)) - 1);
            statement.setObject(index++, value);
        }
        return statement;
    }

    private static Connection connect() throws SQLException {
        return EmbeddedPostgresServer.connect();
    }
}
