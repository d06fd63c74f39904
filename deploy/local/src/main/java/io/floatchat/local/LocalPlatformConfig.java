package io.floatchat.local;

import java.nio.file.Path;
import java.util.Map;

/**
 * What {@code ./floatchat up} is told by its environment.
 *
 * @param home        the repository root: where the services' built jars are
 * @param dataDir     database files, Kafka logs, generated keys, admin token, service logs
 * @param httpPort    the gateway's port ({@code 0}: any free port)
 * @param adminToken  the operator token, or null to generate one once and keep it in the data dir
 * @param environment passed through to every service, so any QUARKUS_* or FLOATCHAT_* variable configures them
 */
public record LocalPlatformConfig(Path home, Path dataDir, int httpPort, String adminToken,
                                  Map<String, String> environment) {

    public static final int DEFAULT_HTTP_PORT = 8080;

    public static LocalPlatformConfig fromEnvironment(Path home, Map<String, String> environment) {
        String dataDir = environment.get("FLOATCHAT_DATA_DIR");
        String adminToken = environment.get("FLOATCHAT_ADMIN_TOKEN");
        return new LocalPlatformConfig(
                home,
                dataDir == null || dataDir.isBlank() ? home.resolve(".floatchat") : Path.of(dataDir),
                parsePort(environment.get("FLOATCHAT_HTTP_PORT")),
                adminToken == null || adminToken.isBlank() ? null : adminToken,
                Map.copyOf(environment));
    }

    private static int parsePort(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_HTTP_PORT;
        }
        try {
            int port = Integer.parseInt(value.trim());
            if (port >= 0 && port <= 65_535) {
                return port;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new LaunchException("FLOATCHAT_HTTP_PORT must be a port number (0-65535), not '" + value + "'.");
    }
}
