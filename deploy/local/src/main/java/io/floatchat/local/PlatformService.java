package io.floatchat.local;

import java.nio.file.Path;

/** The five services of the platform, with the module that builds each. */
public enum PlatformService {
    GATEWAY("gateway", null),
    USERS("users-service", "FLOATCHAT_UPSTREAM_USERS"),
    CONVERSATIONS("conversations-service", "FLOATCHAT_UPSTREAM_CONVERSATIONS"),
    BROADCAST("broadcast-service", "FLOATCHAT_UPSTREAM_BROADCAST"),
    TRIGGER("trigger-service", "FLOATCHAT_UPSTREAM_TRIGGER");

    private final String serviceName;
    private final String upstreamVariable;

    PlatformService(String serviceName, String upstreamVariable) {
        this.serviceName = serviceName;
        this.upstreamVariable = upstreamVariable;
    }

    public String serviceName() {
        return serviceName;
    }

    /** The gateway's environment variable that holds this service's base URL (null for the gateway). */
    String upstreamVariable() {
        return upstreamVariable;
    }

    Path runnableJar(Path home) {
        return home.resolve(serviceName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
