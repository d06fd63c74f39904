package io.floatchat.local;

/** What {@code ./floatchat up} prints once everything is ready. */
final class Banner {

    private Banner() {
    }

    static String of(LocalPlatform platform, long startMillis) {
        StringBuilder banner = new StringBuilder()
                .append('\n')
                .append("FloatChat is ready (").append(startMillis / 1000.0).append(" s).\n")
                .append("  Gateway:     ").append(platform.gatewayUrl()).append('\n')
                .append("  Admin token: ").append(platform.infrastructure().adminToken()).append('\n')
                .append("  Kafka:       ").append(platform.infrastructure().kafkaBootstrapServers()).append('\n')
                .append("  PostgreSQL:  ").append(platform.infrastructure().postgresJdbcUrl()).append('\n');
        for (PlatformService service : PlatformService.values()) {
            banner.append(String.format("  %-22s %s  (log: %s)%n", service.serviceName() + ":",
                    platform.serviceUrl(service), platform.log(service)));
        }
        banner.append("\nTry it:\n  curl -s ").append(platform.gatewayUrl()).append("/q/health/ready\n")
                .append("\nCtrl-C stops everything.\n");
        return banner.toString();
    }
}
