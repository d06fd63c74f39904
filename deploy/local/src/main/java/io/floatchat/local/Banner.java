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
                .append("  PostgreSQL:  ").append(platform.infrastructure().postgresJdbcUrl()).append('\n')
                .append("  Demo:        customer ").append(platform.demoTenant().customerId())
                .append(", bot ").append(platform.demoTenant().botKey()).append('\n')
                .append("  Demo key:    ").append(platform.demoTenant().apiKey()).append('\n');
        for (PlatformService service : PlatformService.values()) {
            banner.append(String.format("  %-22s %s  (log: %s)%n", service.serviceName() + ":",
                    platform.serviceUrl(service), platform.log(service)));
        }
        banner.append("\nTry it:\n  ").append(platform.demoTenant().curl(platform.gatewayUrl())).append('\n')
                .append("  API documentation: ").append(platform.gatewayUrl()).append("/docs\n")
                .append("\nCtrl-C stops everything.\n");
        return banner.toString();
    }
}
