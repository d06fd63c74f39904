package io.floatchat.bench;

import org.HdrHistogram.Histogram;

import java.util.concurrent.Callable;

/**
 * One request at a time, each timed: for comparing the same work done two ways (an API call and the
 * SQL behind it) without either competing with the other.
 */
final class Sampler {

    private Sampler() {
    }

    /**
     * Two ways of doing the same work, alternated sample by sample, so that whatever else the shared
     * machine does (a checkpoint, another tenant) lands on both alike.
     */
    static Histogram[] interleaved(int warmup, int samples, Callable<?> first, Callable<?> second) throws Exception {
        for (int i = 0; i < warmup; i++) {
            first.call();
            second.call();
        }
        Histogram[] histograms = {new Histogram(3), new Histogram(3)};
        Callable<?>[] work = {first, second};
        for (int i = 0; i < samples; i++) {
            for (int w = 0; w < 2; w++) {
                long start = System.nanoTime();
                work[w].call();
                histograms[w].recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
            }
        }
        return histograms;
    }

    static double p99Millis(Histogram histogram) {
        return histogram.getValueAtPercentile(99) / 1000d;
    }

    static String summary(Histogram histogram) {
        return String.format("p50 %.2f ms, p99 %.2f ms (n=%d)", histogram.getValueAtPercentile(50) / 1000d,
                p99Millis(histogram), histogram.getTotalCount());
    }
}
