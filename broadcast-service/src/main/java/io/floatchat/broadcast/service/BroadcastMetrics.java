package io.floatchat.broadcast.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * What an operator watches during a broadcast: recipients reaching each status
 * ({@code floatchat_broadcast_recipients_total{status}}), how long a recipient waited between its
 * dispatch record and its send ({@code floatchat_broadcast_dispatch_lag_seconds}), and how long a
 * provider took to answer an attempt once the pacer admitted it ({@code floatchat_broadcast_provider_answer_seconds}):
 * the pacer counts a send against its account's rate until a second after that answer, so this time
 * is what a slow provider (or a busy sender) costs an account's pace.
 */
@ApplicationScoped
public class BroadcastMetrics {

    /** Statuses are a closed set (ours and WhatsApp's); anything else is counted as "other". */
    private static final Set<String> STATUSES = Set.of("sent", "failed", "delivered", "read");

    private final MeterRegistry registry;
    private final Map<String, Counter> recipients = new ConcurrentHashMap<>();
    private final Timer dispatchLag;
    private final Timer providerAnswer;

    public BroadcastMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.dispatchLag = Timer.builder("floatchat.broadcast.dispatch.lag")
                .description("Time from a recipient's dispatch record to the start of its send (pacing included)")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
        this.providerAnswer = Timer.builder("floatchat.broadcast.provider.answer")
                .description("Time from a send's admission by the pacer to its provider's answer (or its attempt's end)")
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofMinutes(1))
                .register(registry);
    }

    public void recipientReached(String status) {
        String name = status.toLowerCase(Locale.ROOT);
        String tag = STATUSES.contains(name) ? name : "other";
        recipients.computeIfAbsent(tag, key -> Counter.builder("floatchat.broadcast.recipients")
                .description("Recipients that reached a status")
                .tag("status", key)
                .register(registry)).increment();
    }

    public void dispatchLag(long dispatchedAtMillis) {
        if (dispatchedAtMillis > 0) {
            dispatchLag.record(Duration.ofMillis(Math.max(0, System.currentTimeMillis() - dispatchedAtMillis)));
        }
    }

    public void providerAnswered(long admittedAtNanos, long answeredAtNanos) {
        providerAnswer.record(Math.max(0, answeredAtNanos - admittedAtNanos), TimeUnit.NANOSECONDS);
    }
}
