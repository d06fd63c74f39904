package io.floatchat.testing;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;

/** Reads the service under test's Prometheus exposition ({@code /q/metrics}). */
public final class PrometheusMetrics {

    private PrometheusMetrics() {
    }

    public static String scrape() {
        return given().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /**
     * The value of the first series of {@code name} whose labels include every {@code label="value"}
     * given (in any order); 0 when there is none yet. Label values may hold braces (route patterns),
     * so the label block runs to the last brace of the line.
     */
    public static double value(String name, String... labels) {
        Matcher series = Pattern.compile("^" + Pattern.quote(name) + "(?:\\{(.*)\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE)
                .matcher(scrape());
        while (series.find()) {
            String present = "," + (series.group(1) == null ? "" : series.group(1)) + ",";
            boolean all = true;
            for (int i = 0; i + 1 < labels.length; i += 2) {
                all &= present.contains("," + labels[i] + "=\"" + labels[i + 1] + "\",");
            }
            if (all) {
                return Double.parseDouble(series.group(2));
            }
        }
        return 0;
    }
}
