package io.floatchat.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.Callable;

/**
 * One request at a time, each timed: for comparing the same work done two ways (an API call and the
 * SQL behind it) where both must see an idle system, not each other.
 */
final class Sampler {

    private Sampler() {
    }

    static Histogram sequential(int warmup, int samples, Callable<?> work) throws Exception {
        for (int i = 0; i < warmup; i++) {
            work.call();
        }
        Histogram histogram = new Histogram(3);
        for (int i = 0; i < samples; i++) {
            long start = System.nanoTime();
            work.call();
            histogram.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
        }
        return histogram;
    }

    static double p99Millis(Histogram histogram) {
        return histogram.getValueAtPercentile(99) / 1000d;
    }

    static String summary(Histogram histogram) {
        return String.format("p50 %.2f ms, p99 %.2f ms (n=%d)", histogram.getValueAtPercentile(50) / 1000d,
                p99Millis(histogram), histogram.getTotalCount());
    }
}
