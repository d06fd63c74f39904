package io.floatchat.trigger.service;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

/** Finished flow runs by outcome: {@code floatchat_trigger_flow_runs_total{status="SUCCEEDED"|"FAILED"}}. */
@ApplicationScoped
public class FlowRunMetrics {

    private final Counter succeeded;
    private final Counter failed;

    public FlowRunMetrics(MeterRegistry registry) {
        this.succeeded = counter(registry, "SUCCEEDED");
        this.failed = counter(registry, "FAILED");
    }

    public void finished(String status) {
        ("SUCCEEDED".equals(status) ? succeeded : failed).increment();
    }

    private static Counter counter(MeterRegistry registry, String status) {
        return Counter.builder("floatchat.trigger.flow.runs")
                .description("Flow runs that finished, by outcome")
                .tag("status", status)
                .register(registry);
    }
}
