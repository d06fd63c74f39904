package io.floatchat.trigger.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.function.IntSupplier;

/**
 * Finished flow runs by outcome, {@code floatchat_trigger_flow_runs_total{status="SUCCEEDED"|"FAILED"}};
 * and what this replica holds: {@code floatchat_trigger_flow_runs_held} (claimed, waiting or running)
 * and {@code floatchat_trigger_flow_runs_in_flight}.
 */
@ApplicationScoped
public class FlowRunMetrics {

    private final MeterRegistry registry;
    private final Counter succeeded;
    private final Counter failed;

    public FlowRunMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.succeeded = counter(registry, "SUCCEEDED");
        this.failed = counter(registry, "FAILED");
    }

    public void finished(String status) {
        ("SUCCEEDED".equals(status) ? succeeded : failed).increment();
    }

    /** Reports the runs this replica holds and runs, as the executor counts them. */
    void watch(IntSupplier held, IntSupplier inFlight) {
        Gauge.builder("floatchat.trigger.flow.runs.held", held::getAsInt)
                .description("Flow runs this replica has claimed, waiting for a slot or running").register(registry);
        Gauge.builder("floatchat.trigger.flow.runs.in.flight", inFlight::getAsInt)
                .description("Flow runs this replica is running").register(registry);
    }

    private static Counter counter(MeterRegistry registry, String status) {
        return Counter.builder("floatchat.trigger.flow.runs")
                .description("Flow runs that finished, by outcome")
                .tag("status", status)
                .register(registry);
    }
}
