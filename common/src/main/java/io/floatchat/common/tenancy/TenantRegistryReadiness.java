package io.floatchat.common.tenancy;

import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Not ready until the tenant registry has read {@code floatchat.tenants.v1} once: before, every outside event would wait. */
@Readiness
@ApplicationScoped
@IfBuildProperty(name = TenantRegistry.ENABLED, stringValue = "true", enableIfMissing = true)
public class TenantRegistryReadiness implements HealthCheck {

    private final TenantRegistry registry;

    public TenantRegistryReadiness(TenantRegistry registry) {
        this.registry = registry;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("tenant-registry").status(registry.isReady()).build();
    }
}
