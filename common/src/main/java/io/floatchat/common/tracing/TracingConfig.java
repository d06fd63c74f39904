package io.floatchat.common.tracing;

import org.eclipse.microprofile.config.Config;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenTelemetry SDK settings a deployment may give, read through MicroProfile Config, so that the
 * standard variables ({@code OTEL_SDK_DISABLED}, {@code OTEL_EXPORTER_OTLP_ENDPOINT}, ...) and
 * {@code application.properties} both work. Defaults (common's microprofile-config.properties): off.
 */
final class TracingConfig {

    static final List<String> SETTINGS = List.of(
            "otel.sdk.disabled",
            "otel.service.name",
            "otel.traces.exporter",
            "otel.metrics.exporter",
            "otel.logs.exporter",
            "otel.traces.sampler",
            "otel.traces.sampler.arg",
            "otel.bsp.schedule.delay",
            "otel.propagators",
            "otel.exporter.otlp.endpoint",
            "otel.exporter.otlp.protocol",
            "otel.exporter.otlp.headers",
            "otel.exporter.otlp.timeout",
            "otel.resource.attributes");

    private TracingConfig() {
    }

    static Map<String, String> from(Config config) {
        Map<String, String> settings = new HashMap<>();
        for (String name : SETTINGS) {
            config.getOptionalValue(name, String.class).ifPresent(value -> settings.put(name, value));
        }
        return settings;
    }

    static boolean enabled(Map<String, String> settings) {
        return !Boolean.parseBoolean(settings.getOrDefault("otel.sdk.disabled", "true"));
    }
}
