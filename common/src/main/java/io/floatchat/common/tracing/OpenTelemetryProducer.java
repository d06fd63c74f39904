package io.floatchat.common.tracing;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;
import org.jboss.logging.Logger;

import java.util.Map;

/**
 * The service's OpenTelemetry: off unless {@code otel.sdk.disabled=false}. SmallRye's Kafka connector
 * uses this bean to put the trace context into record headers and to continue it in consumers.
 */
@Singleton
public class OpenTelemetryProducer {

    private static final Logger LOG = Logger.getLogger(OpenTelemetryProducer.class);

    @Produces
    @Singleton
    OpenTelemetry openTelemetry(Config config) {
        Map<String, String> settings = TracingConfig.from(config);
        if (!TracingConfig.enabled(settings)) {
            return OpenTelemetry.noop();
        }
        OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
                .addPropertiesSupplier(() -> settings)
                // exporters and samplers are found with ServiceLoader: in the application's class loader
                .setServiceClassLoader(Thread.currentThread().getContextClassLoader())
                .disableShutdownHook()
                .build()
                .getOpenTelemetrySdk();
        LOG.infof("tracing on: exporter %s, endpoint %s", settings.getOrDefault("otel.traces.exporter", "otlp"),
                settings.getOrDefault("otel.exporter.otlp.endpoint", "(OTLP default)"));
        return sdk;
    }

    void close(@Disposes OpenTelemetry openTelemetry) {
        if (openTelemetry instanceof OpenTelemetrySdk sdk) {
            sdk.close();
        }
    }
}
