package io.floatchat.bench;

import io.floatchat.local.PlatformService;
import io.vertx.core.http.HttpMethod;
import org.HdrHistogram.Histogram;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Base64;
import java.time.Duration;
import java.util.Map;

/**
 * 10M messages (one user with ~120k of them, interleaved in time with ~99k other users, as real
 * traffic is). A page of 500 through the API (gateway, key) against the same SQL the service runs,
 * straight over JDBC; page 200 against page 1; a cursor page 200 deep against the first cursor page.
 * Targets: API p99 <= 1.5x SQL p99; page 200 p99 <= 2x page 1 p99; cursor pages flat (<= 1.25x).
 */
final class ConversationsBench {

    private static final String HEAVY = "heavy-user";
    private static final int EVERY_NTH_IS_HEAVY = 83;
    private static final int PAGE = 500;
    private static final int SAMPLES = 300;

    private ConversationsBench() {
    }

    static void run(Path home, Report report, String[] options) throws Exception {
        long messages = options.length > 0 ? Long.parseLong(options[0]) : 10_000_000L;
        try (BenchPlatform platform = BenchPlatform.start(home, "conversations", Map.of());
             Http http = new Http(4);
             Connection sql = platform.database(PlatformService.CONVERSATIONS)) {
            String gateway = platform.url(PlatformService.GATEWAY);
            Tenant tenant = Tenant.create(http, gateway, "conversations-bench");
            long base = 1_600_000_000_000L;
            int otherUsers = 98_800;
            double rowsPerSecond = CopyLoader.copy(sql, "message",
                    "customer_id, bot_key, user_id, message_id, channel, direction, type, text, ts", messages, i ->
                            tenant.customerId() + "\t" + tenant.botKey() + "\t"
                                    + (i % EVERY_NTH_IS_HEAVY == 0 ? HEAVY : "user-" + (i % otherUsers)) + "\t"
                                    + "m" + i + "\twhatsapp\t" + (i % 2 == 0 ? "INBOUND" : "OUTBOUND") + "\ttext\t"
                                    + "message " + i + ": thanks, see you at the store on Saturday\t" + (base + i * 10));
            report.measured("COPY into conversations.message", String.format("%,.0f rows/s", rowsPerSecond));
            long started = System.nanoTime();
            sql.createStatement().execute("VACUUM ANALYZE message"); // what autovacuum does: index-only scans need it
            report.measured("VACUUM ANALYZE", String.format("%.1f s", (System.nanoTime() - started) / 1e9));

            long heavyCount = (messages + EVERY_NTH_IS_HEAVY - 1) / EVERY_NTH_IS_HEAVY;
            report.measured("messages of the paged user", String.format("%,d", heavyCount));
            String history = gateway + tenant.prefix() + "/channel-user/" + HEAVY + "/conversations?page_size=" + PAGE;

            // the load's dirty pages written out first: a checkpoint mid-measurement would land on one side only
            sql.createStatement().execute("CHECKPOINT");
            // the API path's JVMs (gateway, conversations-service) past their JIT warm-up, as in production
            report.measured("API warm-up windows until steady (pages/s)", LoadDriver.describe(LoadDriver.warmUntilSteady(
                    http.call(HttpMethod.GET, history + "&page_number=1", tenant.basic(), null), 2, Duration.ofSeconds(90))));
            Histogram[] page1 = Sampler.interleaved(30, SAMPLES, () -> directPage(sql, tenant, 0),
                    () -> get(http, history + "&page_number=1", tenant));
            Histogram sqlPage1 = page1[0];
            Histogram apiPage1 = page1[1];
            int deepPage = (int) Math.min(200, heavyCount / PAGE);
            Histogram[] pageDeep = Sampler.interleaved(10, SAMPLES, () -> directPage(sql, tenant, (deepPage - 1) * PAGE),
                    () -> get(http, history + "&page_number=" + deepPage, tenant));
            Histogram sqlPageDeep = pageDeep[0];
            Histogram apiPageDeep = pageDeep[1];
            String deepCursor = cursorAt(sql, tenant, (long) (deepPage - 1) * PAGE - 1);
            Histogram[] cursors = Sampler.interleaved(10, SAMPLES, () -> get(http, history, tenant),
                    () -> get(http, history + "&cursor=" + deepCursor, tenant));
            Histogram apiCursorFirst = cursors[0];
            Histogram apiCursorDeep = cursors[1];

            report.measured("page 1 of 500: SQL directly", Sampler.summary(sqlPage1));
            report.measured("page 1 of 500: through the API", Sampler.summary(apiPage1));
            report.measured("page " + deepPage + " of 500: SQL directly", Sampler.summary(sqlPageDeep));
            report.measured("page " + deepPage + " of 500: through the API", Sampler.summary(apiPageDeep));
            report.measured("cursor, first page: through the API", Sampler.summary(apiCursorFirst));
            report.measured("cursor, page " + deepPage + ": through the API", Sampler.summary(apiCursorDeep));
            report.ratio("page 1 of 500, p99 API / SQL", Sampler.p99Millis(apiPage1) / Sampler.p99Millis(sqlPage1), "<=", 1.5);
            report.ratio("page " + deepPage + " of 500, p99 API / SQL",
                    Sampler.p99Millis(apiPageDeep) / Sampler.p99Millis(sqlPageDeep), "<=", 1.5);
            report.ratio("page " + deepPage + " / page 1, p99 through the API",
                    Sampler.p99Millis(apiPageDeep) / Sampler.p99Millis(apiPage1), "<=", 2.0);
            report.ratio("cursor page " + deepPage + " / first cursor page, p99",
                    Sampler.p99Millis(apiCursorDeep) / Sampler.p99Millis(apiCursorFirst), "<=", 1.25);
        }
    }

    /** What the service runs for a page (ConversationService / MessageRepository): the count and the page. */
    private static int directPage(Connection sql, Tenant tenant, long offset) throws Exception {
        int rows = 0;
        try (PreparedStatement count = sql.prepareStatement("SELECT count(*) FROM message WHERE customer_id = ? "
                + "AND bot_key = ? AND user_id = ? AND ts BETWEEN ? AND ?");
             PreparedStatement page = sql.prepareStatement("SELECT m.message_id, m.user_id, m.channel, m.direction, "
                     + "m.type, m.text, m.payload::text AS payload, m.ts, m.broadcast_id FROM (SELECT message_id FROM message "
                     + "WHERE customer_id = ? AND bot_key = ? AND user_id = ? AND ts BETWEEN ? AND ? ORDER BY ts, message_id "
                     + "LIMIT ? OFFSET ?) p JOIN message m ON m.bot_key = ? AND m.message_id = p.message_id "
                     + "ORDER BY m.ts, m.message_id")) {
            bindWindow(count, tenant);
            try (ResultSet result = count.executeQuery()) {
                result.next();
            }
            bindWindow(page, tenant);
            page.setInt(6, PAGE + 1);
            page.setLong(7, offset);
            page.setString(8, tenant.botKey());
            try (ResultSet result = page.executeQuery()) {
                while (result.next()) {
                    result.getString(6);
                    rows++;
                }
            }
        }
        return rows;
    }

    private static void bindWindow(PreparedStatement statement, Tenant tenant) throws Exception {
        statement.setLong(1, tenant.customerId());
        statement.setString(2, tenant.botKey());
        statement.setString(3, HEAVY);
        statement.setLong(4, 0);
        statement.setLong(5, System.currentTimeMillis());
    }

    /** The API's cursor after the message at this position of the user's history (its own encoding). */
    private static String cursorAt(Connection sql, Tenant tenant, long position) throws Exception {
        try (PreparedStatement statement = sql.prepareStatement("SELECT ts, message_id FROM message WHERE customer_id = ? "
                + "AND bot_key = ? AND user_id = ? ORDER BY ts, message_id OFFSET ? LIMIT 1")) {
            statement.setLong(1, tenant.customerId());
            statement.setString(2, tenant.botKey());
            statement.setString(3, HEAVY);
            statement.setLong(4, position);
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return Base64.getUrlEncoder().withoutPadding().encodeToString(
                        ("v1:" + result.getLong(1) + ":" + result.getString(2)).getBytes(StandardCharsets.UTF_8));
            }
        }
    }

    private static Object get(Http http, String url, Tenant tenant) {
        http.expectOk(HttpMethod.GET, url, tenant.basic(), null);
        return null;
    }
}
