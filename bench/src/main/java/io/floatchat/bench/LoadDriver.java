package io.floatchat.bench;

import io.vertx.core.Future;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Drives asynchronous requests two ways. {@link #saturate}: a closed loop of N outstanding requests,
 * for the most a target can serve. {@link #openModel}: requests start at a fixed arrival rate whatever
 * the target does, and each latency is measured from the request's <em>intended</em> start, so a
 * stalled target shows in the percentiles instead of slowing the load (no coordinated omission).
 */
final class LoadDriver {

    private LoadDriver() {
    }

    /** A request that completes with the HTTP status (or fails). */
    interface Call extends Supplier<Future<Integer>> {
    }

    record Saturation(double perSecond, long requests, long errors) {
        /** A benchmark of failing requests measures nothing: stop. */
        Saturation requireSuccess(String what) {
            if (errors > requests / 1000) {
                throw new IllegalStateException(what + ": " + errors + " of " + (requests + errors) + " requests failed");
            }
            return this;
        }
    }

    record OpenRun(double ratePerSecond, double achievedPerSecond, Histogram latencyMicros, long errors) {
        double p50Millis() {
            return latencyMicros.getValueAtPercentile(50) / 1000d;
        }

        double p99Millis() {
            return latencyMicros.getValueAtPercentile(99) / 1000d;
        }

        OpenRun requireSuccess(String what) {
            if (errors > latencyMicros.getTotalCount() / 1000) {
                throw new IllegalStateException(what + ": " + errors + " requests failed");
            }
            return this;
        }

        String summary() {
            return String.format("rate %.0f/s (achieved %.0f/s): p50 %.2f ms, p99 %.2f ms, p99.9 %.2f ms, max %.2f ms, errors %d",
                    ratePerSecond, achievedPerSecond, p50Millis(), p99Millis(),
                    latencyMicros.getValueAtPercentile(99.9) / 1000d, latencyMicros.getMaxValue() / 1000d, errors);
        }
    }

    static Saturation saturate(Call call, int concurrency, Duration warmup, Duration measure) throws InterruptedException {
        AtomicLong errors = new AtomicLong();
        long warmupEnd = System.nanoTime() + warmup.toNanos();
        long end = warmupEnd + measure.toNanos();
        AtomicLong measuredCount = new AtomicLong();
        CountDownLatch done = new CountDownLatch(concurrency);
        for (int i = 0; i < concurrency; i++) {
            loop(call, end, warmupEnd, measuredCount, errors, done);
        }
        done.await(warmup.plus(measure).toSeconds() + 60, TimeUnit.SECONDS);
        double seconds = measure.toNanos() / 1e9;
        return new Saturation(measuredCount.get() / seconds, measuredCount.get(), errors.get());
    }

    /**
     * Saturates in 5-second windows for at least 30 s and then until three windows in a row are within 5 %
     * of each other, or the limit passes: every JVM on the request's path is past its JIT warm-up (which
     * takes most of a core for the first minute) before anything is measured. Answers the windows'
     * throughputs.
     */
    static List<Double> warmUntilSteady(Call call, int concurrency, Duration limit) throws InterruptedException {
        Duration window = Duration.ofSeconds(5);
        long start = System.nanoTime();
        long earliest = start + Duration.ofSeconds(30).toNanos();
        long deadline = start + limit.toNanos();
        List<Double> windows = new ArrayList<>();
        while (System.nanoTime() < deadline) {
            windows.add(saturate(call, concurrency, Duration.ZERO, window).perSecond());
            if (System.nanoTime() >= earliest && steady(windows)) {
                break;
            }
        }
        return windows;
    }

    /**
     * The last three rates within 5 % of each other: the warm-up is over. Two were not enough — a
     * service still compiling climbed 414, 519, 538/s, and the two last passed (bench/README, trigger at
     * 0778e6a: measured at 859/s, the next run at 2,545/s).
     */
    static boolean steady(List<Double> rates) {
        if (rates.size() < 3) {
            return false;
        }
        List<Double> last = rates.subList(rates.size() - 3, rates.size());
        double highest = last.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        double lowest = last.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        return highest - lowest <= 0.05 * highest;
    }

    static String describe(List<Double> windows) {
        return windows.stream().map(w -> String.format("%,.0f", w)).collect(Collectors.joining(", "));
    }

    private static void loop(Call call, long end, long warmupEnd, AtomicLong measured,
                             AtomicLong errors, CountDownLatch done) {
        call.get().onComplete(result -> {
            long now = System.nanoTime();
            if (now > warmupEnd && now <= end) {
                // throughput counts answers that did the work; anything else is an error, reported
                if (result.failed() || result.result() >= 400) {
                    errors.incrementAndGet();
                } else {
                    measured.incrementAndGet();
                }
            }
            if (now < end) {
                loop(call, end, warmupEnd, measured, errors, done);
            } else {
                done.countDown();
            }
        });
    }

    static OpenRun openModel(Call call, double ratePerSecond, Duration warmup, Duration measure) throws InterruptedException {
        Recorder recorder = new Recorder(3);
        AtomicLong errors = new AtomicLong();
        AtomicLong outstanding = new AtomicLong();
        long intervalNanos = (long) (1e9 / ratePerSecond);
        long start = System.nanoTime();
        long warmupEnd = start + warmup.toNanos();
        long end = warmupEnd + measure.toNanos();
        long sent = 0;
        long measuredSent = 0;
        boolean reset = false;
        while (true) {
            long intended = start + sent * intervalNanos;
            if (intended >= end) {
                break;
            }
            if (!reset && intended >= warmupEnd) {
                recorder.getIntervalHistogram(); // drop the warm-up
                errors.set(0);
                reset = true;
            }
            long wait = intended - System.nanoTime();
            if (wait > 50_000) {
                LockSupport.parkNanos(wait - 20_000);
                continue;
            }
            while (System.nanoTime() < intended) {
                Thread.onSpinWait();
            }
            boolean counted = intended >= warmupEnd;
            outstanding.incrementAndGet();
            call.get().onComplete(result -> {
                long latency = (System.nanoTime() - intended) / 1_000;
                if (counted) {
                    recorder.recordValue(Math.max(1, latency));
                    if (result.failed() || result.result() >= 400) {
                        errors.incrementAndGet();
                    }
                }
                outstanding.decrementAndGet();
            });
            sent++;
            if (counted) {
                measuredSent++;
            }
        }
        long drainDeadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (outstanding.get() > 0 && System.nanoTime() < drainDeadline) {
            LockSupport.parkNanos(1_000_000);
        }
        Histogram histogram = recorder.getIntervalHistogram();
        long lost = outstanding.get();
        return new OpenRun(ratePerSecond, histogram.getTotalCount() / (measure.toNanos() / 1e9), histogram,
                errors.get() + lost + Math.max(0, measuredSent - histogram.getTotalCount() - lost));
    }
}
