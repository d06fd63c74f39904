package io.floatchat.testing;

import io.opentelemetry.sdk.autoconfigure.spi.ConfigProperties;
import io.opentelemetry.sdk.autoconfigure.spi.traces.ConfigurableSpanExporterProvider;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.quarkus.test.junit.QuarkusTestProfile;

import java.util.List;
import java.util.Map;

/**
 * The spans a service under test finished, for tests of tracing: {@link TracingOn} switches the
 * service's OpenTelemetry SDK on with this "memory" exporter (found by the SDK's autoconfiguration).
 */
public class RecordedSpans implements ConfigurableSpanExporterProvider {

    private static final InMemorySpanExporter EXPORTER = InMemorySpanExporter.create();

    /** Every span finished so far in this JVM. */
    public static List<SpanData> all() {
        return EXPORTER.getFinishedSpanItems();
    }

    /** The spans of one trace. */
    public static List<SpanData> ofTrace(String traceId) {
        return all().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
    }

    @Override
    public SpanExporter createExporter(ConfigProperties config) {
        return EXPORTER;
    }

    @Override
    public String getName() {
        return "memory";
    }

    /** A test profile with tracing on, every span sampled and recorded here. */
    public static class TracingOn implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("otel.sdk.disabled", "false",
                    "otel.traces.exporter", "memory",
                    "otel.traces.sampler", "always_on",
                    "otel.bsp.schedule.delay", "10");
        }
    }
}
