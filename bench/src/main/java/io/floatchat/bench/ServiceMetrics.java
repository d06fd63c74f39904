package io.floatchat.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** A service's Prometheus text ({@code /q/metrics}), read for the sums and counts of one meter. */
final class ServiceMetrics {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private ServiceMetrics() {
    }

    /** A timer's {@code _count} and {@code _sum} (seconds) at one moment, summed over its tags. */
    record TimerReading(double count, double sumSeconds) {

        /** The mean of what was recorded since {@code earlier}, in milliseconds (0 when nothing was). */
        double meanMillisSince(TimerReading earlier) {
            double count = this.count - earlier.count;
            return count <= 0 ? 0 : (sumSeconds - earlier.sumSeconds) / count * 1000;
        }
    }

    static TimerReading timer(String serviceUrl, String name) throws IOException, InterruptedException {
        String text = HTTP.send(HttpRequest.newBuilder(URI.create(serviceUrl + "/q/metrics")).timeout(Duration.ofSeconds(10))
                .build(), HttpResponse.BodyHandlers.ofString()).body();
        double count = 0;
        double sum = 0;
        for (String line : text.lines().toList()) {
            if (line.startsWith(name + "_count")) {
                count += value(line);
            } else if (line.startsWith(name + "_sum")) {
                sum += value(line);
            }
        }
        return new TimerReading(count, sum);
    }

    private static double value(String line) {
        return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
    }
}
