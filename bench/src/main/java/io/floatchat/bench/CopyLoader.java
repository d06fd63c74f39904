package io.floatchat.bench;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.function.LongFunction;

/** Bulk loads with PostgreSQL COPY (text format), streamed in chunks; reports rows/s. */
final class CopyLoader {

    private static final int CHUNK = 1 << 20;

    private CopyLoader() {
    }

    /**
     * Copies {@code rows} rows into {@code table (columns)}; {@code row} makes row i as one tab-separated
     * line (no newline). Returns rows/s.
     */
    static double copy(Connection connection, String table, String columns, long rows, LongFunction<String> row)
            throws SQLException {
        long started = System.nanoTime();
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("COPY " + table + " (" + columns + ") FROM STDIN");
        StringBuilder buffer = new StringBuilder(CHUNK + 4096);
        try {
            for (long i = 0; i < rows; i++) {
                buffer.append(row.apply(i)).append('\n');
                if (buffer.length() >= CHUNK) {
                    byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                    copy.writeToCopy(bytes, 0, bytes.length);
                    buffer.setLength(0);
                }
            }
            byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
            copy.writeToCopy(bytes, 0, bytes.length);
            copy.endCopy();
        } finally {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }
        double perSecond = rows / ((System.nanoTime() - started) / 1e9);
        System.out.printf("  loaded %,d rows into %s: %,.0f rows/s%n", rows, table, perSecond);
        return perSecond;
    }
}
