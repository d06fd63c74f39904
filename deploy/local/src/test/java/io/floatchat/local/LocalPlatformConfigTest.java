package io.floatchat.local;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LocalPlatformConfigTest {

    private static final Path HOME = Path.of("/opt/floatchat");

    @Test
    void defaultsWithAnEmptyEnvironment() {
        LocalPlatformConfig config = LocalPlatformConfig.fromEnvironment(HOME, Map.of());
        assertThat(config.httpPort()).isEqualTo(8080);
        assertThat(config.dataDir()).isEqualTo(HOME.resolve(".floatchat"));
        assertThat(config.adminToken()).isNull();
    }

    @Test
    void environmentOverridesAndIsKeptForTheServices() {
        LocalPlatformConfig config = LocalPlatformConfig.fromEnvironment(HOME, Map.of(
                "FLOATCHAT_HTTP_PORT", "9090", "FLOATCHAT_DATA_DIR", "/var/lib/fc",
                "FLOATCHAT_ADMIN_TOKEN", "secret-token", "QUARKUS_MAILER_HOST", "smtp.local"));
        assertThat(config.httpPort()).isEqualTo(9090);
        assertThat(config.dataDir()).isEqualTo(Path.of("/var/lib/fc"));
        assertThat(config.adminToken()).isEqualTo("secret-token");
        assertThat(config.environment()).containsEntry("QUARKUS_MAILER_HOST", "smtp.local");
    }

    @Test
    void aPortThatIsNotANumberIsOneSentence() {
        assertThatThrownBy(() -> LocalPlatformConfig.fromEnvironment(HOME, Map.of("FLOATCHAT_HTTP_PORT", "http")))
                .isInstanceOf(LaunchException.class)
                .hasMessage("FLOATCHAT_HTTP_PORT must be a port number (0-65535), not 'http'.");
        assertThatThrownBy(() -> LocalPlatformConfig.fromEnvironment(HOME, Map.of("FLOATCHAT_HTTP_PORT", "70000")))
                .isInstanceOf(LaunchException.class);
    }
}
