package io.floatchat.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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

    private static final List<String> EVERY_SERVICE = List.of("QUARKUS_DATASOURCE_REACTIVE_URL",
            "QUARKUS_DATASOURCE_JDBC_URL", "QUARKUS_DATASOURCE_USERNAME", "QUARKUS_DATASOURCE_PASSWORD",
            "KAFKA_BOOTSTRAP_SERVERS");

    /**
     * The environment this service cannot start without (everything else has a default). The local
     * launcher refuses to start a service it has not given all of them, and deploy/k8s's manifest test
     * checks every Deployment provides them: one list for both ways of running the platform.
     */
    public List<String> requiredVariables() {
        List<String> required = new ArrayList<>(EVERY_SERVICE);
        if (this == GATEWAY) {
            required.add("SMALLRYE_JWT_SIGN_KEY_LOCATION");
            required.add("FLOATCHAT_ADMIN_TOKEN");
            for (PlatformService upstream : values()) {
                if (upstream.upstreamVariable != null) {
                    required.add(upstream.upstreamVariable);
                }
            }
        } else {
            required.add("MP_JWT_VERIFY_PUBLICKEY_LOCATION");
        }
        if (this == BROADCAST) {
            required.add("FLOATCHAT_BROADCAST_CHANNEL_SECRET_KEY");
            required.add("FLOATCHAT_BROADCAST_USERS_URL");
        }
        return List.copyOf(required);
    }

    /** The gateway's environment variable that holds this service's base URL (null for the gateway). */
    String upstreamVariable() {
        return upstreamVariable;
    }

    Path runnableJar(Path home) {
        return home.resolve(serviceName).resolve("target/quarkus-app/quarkus-run.jar");
    }
}
