package io.floatchat.bench;

import io.floatchat.local.PlatformService;
import io.floatchat.users.AttributeOperator;
import io.floatchat.users.repository.AttributeSearch;
import io.vertx.core.http.HttpMethod;
import org.HdrHistogram.Histogram;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * 1M users with 20 attributes each. Attribute searches through the API (gateway, key) against the
 * same SQL straight over JDBC — users-service's own AttributeSearch builds it, so the baseline is
 * exactly what the service runs (the page and its count). Target: API p99 <= 1.5x SQL p99 per operator.
 */
final class UsersBench {

    private static final String[] CITIES = {"Pune", "Mumbai", "Delhi", "Chennai", "Kolkata", "Jaipur", "Surat", "Lucknow",
            "Kanpur", "Nagpur", "Indore", "Thane", "Bhopal", "Patna", "Vadodara", "Ghaziabad", "Ludhiana", "Agra", "Nashik",
            "Faridabad", "Meerut", "Rajkot", "Varanasi", "Srinagar", "Aurangabad", "Dhanbad", "Amritsar", "Allahabad",
            "Ranchi", "Howrah", "Coimbatore", "Jabalpur", "Gwalior", "Vijayawada", "Jodhpur", "Madurai", "Raipur", "Kota",
            "Guwahati", "Chandigarh", "Solapur", "Hubli", "Bareilly", "Moradabad", "Mysore", "Gurgaon", "Aligarh",
            "Jalandhar", "Tiruchirappalli", "Bhubaneswar"};
    private static final String[] PLANS = {"gold", "silver", "bronze", "platinum", "trial"};
    private static final int SAMPLES = 300;
    private static final int PAGE_SIZE = 100;

    private UsersBench() {
    }

    static void run(Path home, Report report, String[] options) throws Exception {
        int users = options.length > 0 ? Integer.parseInt(options[0]) : 1_000_000;
        try (BenchPlatform platform = BenchPlatform.start(home, "users", Map.of());
             Http http = new Http(4);
             Connection sql = platform.database(PlatformService.USERS)) {
            String gateway = platform.url(PlatformService.GATEWAY);
            Tenant tenant = Tenant.create(http, gateway, "users-bench");
            String bot = tenant.botKey();
            double userRows = CopyLoader.copy(sql, "app_user", "customer_id, bot_key, user_id, channel, name, attributes, "
                    + "first_seen_at, last_active_at", users, i -> tenant.customerId() + "\t" + bot + "\t" + userId(i)
                    + "\twhatsapp\tUser " + i + "\t" + attributesJson(i) + "\t1600000000000\t1700000000000");
            report.measured("COPY into users.app_user", String.format("%,.0f rows/s", userRows));
            double attributeRows = CopyLoader.copy(sql, "user_attribute", "bot_key, user_id, name, value_text, value_num",
                    (long) users * 20, row -> {
                        long i = row / 20;
                        int a = (int) (row % 20);
                        String text = attribute(i, a);
                        boolean number = a == 2 || a == 3 || a >= 15;
                        return bot + "\t" + userId(i) + "\t" + name(a) + "\t" + text + "\t" + (number ? text : "\\N");
                    });
            report.measured("COPY into users.user_attribute", String.format("%,.0f rows/s", attributeRows));
            long started = System.nanoTime();
            sql.createStatement().execute("VACUUM ANALYZE app_user");
            sql.createStatement().execute("VACUUM ANALYZE user_attribute");
            sql.createStatement().execute("CHECKPOINT");
            report.measured("VACUUM ANALYZE, CHECKPOINT", String.format("%.1f s", (System.nanoTime() - started) / 1e9));

            List<String[]> searches = List.of(
                    new String[]{"city", "Pune", "eq"},
                    new String[]{"email", "user12345", "starts_with"},
                    new String[]{"age", "60", "gt"},
                    new String[]{"plan", "gold", "ne"});
            // the API path's JVMs (gateway, users-service) past their JIT warm-up, as in production
            String warmUrl = gateway + tenant.prefix() + "/users?attribute_name=email&attribute_value=user12345&operator=starts_with"
                    + "&page_size=" + PAGE_SIZE;
            report.measured("API warm-up windows until steady (searches/s)", LoadDriver.describe(LoadDriver.warmUntilSteady(
                    http.call(HttpMethod.GET, warmUrl, tenant.basic(), null), 4, Duration.ofSeconds(90))));
            for (String[] search : searches) {
                String url = gateway + tenant.prefix() + "/users?attribute_name=" + search[0] + "&attribute_value="
                        + URLEncoder.encode(search[1], StandardCharsets.UTF_8) + "&operator=" + search[2]
                        + "&page_size=" + PAGE_SIZE;
                AttributeSearch attributeSearch = AttributeSearch.of(tenant.customerId(), bot, search[0],
                        AttributeOperator.parse(search[2]), search[1]);
                Histogram[] both = Sampler.interleaved(20, SAMPLES, () -> directSearch(sql, attributeSearch), () -> {
                    http.expectOk(HttpMethod.GET, url, tenant.basic(), null);
                    return null;
                });
                Histogram direct = both[0];
                Histogram api = both[1];
                String what = search[0] + " " + search[2] + " " + search[1];
                report.measured(what + ": SQL directly", Sampler.summary(direct));
                report.measured(what + ": through the API", Sampler.summary(api));
                report.ratio(what + ", p99 API / SQL", Sampler.p99Millis(api) / Sampler.p99Millis(direct), "<=", 1.5);
            }
        }
    }

    /** The page and its count, as UserRepository runs them. */
    private static int directSearch(Connection sql, AttributeSearch search) throws Exception {
        String columns = "u.user_id, u.channel, u.name, u.attributes, u.first_seen_at, u.last_active_at, u.last_inbound_at";
        String from = " FROM user_attribute a JOIN app_user u ON u.bot_key = a.bot_key AND u.user_id = a.user_id WHERE "
                + jdbc(search.condition());
        int rows = 0;
        try (PreparedStatement page = sql.prepareStatement("SELECT " + columns + from + " ORDER BY a.user_id LIMIT ? OFFSET ?");
             PreparedStatement count = sql.prepareStatement("SELECT count(*)" + from)) {
            int next = bind(page, search);
            page.setInt(next, PAGE_SIZE);
            page.setLong(next + 1, 0);
            try (ResultSet result = page.executeQuery()) {
                while (result.next()) {
                    result.getString(4);
                    rows++;
                }
            }
            bind(count, search);
            try (ResultSet result = count.executeQuery()) {
                result.next();
            }
        }
        return rows;
    }

    /** $n placeholders to JDBC's ?, in order (each appears once, ascending). */
    private static String jdbc(String condition) {
        return condition.replaceAll("\\$[0-9]+", "?");
    }

    private static int bind(PreparedStatement statement, AttributeSearch search) throws Exception {
        int index = 1;
        for (Object parameter : search.parameters()) {
            statement.setObject(index++, parameter);
        }
        return index;
    }

    private static String userId(long i) {
        return Long.toString(919_000_000_000L + i);
    }

    private static String name(int a) {
        return switch (a) {
            case 0 -> "city";
            case 1 -> "plan";
            case 2 -> "age";
            case 3 -> "score";
            case 4 -> "email";
            default -> "attr" + a;
        };
    }

    private static String attribute(long i, int a) {
        return switch (a) {
            case 0 -> CITIES[(int) (i % CITIES.length)];
            case 1 -> PLANS[(int) ((i / 7) % PLANS.length)];
            case 2 -> Long.toString(18 + (i * 31) % 60);
            case 3 -> Long.toString((i * 7919) % 1000);
            case 4 -> "user" + i + "@example.com";
            default -> a >= 15 ? Long.toString((i * a) % 10_000) : "value-" + a + "-" + (i % 997);
        };
    }

    private static String attributesJson(long i) {
        StringBuilder json = new StringBuilder("{");
        for (int a = 0; a < 20; a++) {
            boolean number = a == 2 || a == 3 || a >= 15;
            json.append(a == 0 ? "" : ",").append('"').append(name(a)).append("\":");
            json.append(number ? attribute(i, a) : "\"" + attribute(i, a) + "\"");
        }
        return json.append('}').toString();
    }
}
