package io.floatchat.e2e;

import io.floatchat.local.LocalPlatform;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** What the platform stored, read straight from its PostgreSQL (the services' schemas are named as the services). */
final class E2EDatabase {

    private E2EDatabase() {
    }

    static void execute(String jdbcUrl, String... statements) throws SQLException {
        try (Connection connection = connect(jdbcUrl); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        }
    }

    /** The first column of the first row. */
    static String queryOne(String jdbcUrl, String sql) throws SQLException {
        try (Connection connection = connect(jdbcUrl);
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getString(1);
        }
    }

    /** A count the platform's database answers now. */
    static int count(LocalPlatform platform, String sql) {
        try {
            return Integer.parseInt(queryOne(platform.infrastructure().postgresJdbcUrl(), sql));
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the platform's database: " + e.getMessage(), e);
        }
    }

    /** The first column of every row, for a failure's message. */
    static List<String> rows(LocalPlatform platform, String sql) {
        List<String> rows = new ArrayList<>();
        try (Connection connection = connect(platform.infrastructure().postgresJdbcUrl());
             Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            while (row.next()) {
                rows.add(row.getString(1));
            }
        } catch (SQLException e) {
            rows.add("(unreadable: " + e.getMessage() + ")");
        }
        return rows;
    }

    private static Connection connect(String jdbcUrl) throws SQLException {
        return DriverManager.getConnection(jdbcUrl, "postgres", "postgres");
    }
}
