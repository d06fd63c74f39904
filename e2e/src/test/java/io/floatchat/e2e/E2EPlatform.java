package io.floatchat.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.floatchat.local.LocalPlatformConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * The platform the end-to-end tests talk to: started the way {@code ./floatchat up} starts it
 * (the same launcher, as a library), on free ports with a fresh data directory, once per test JVM.
 */
final class E2EPlatform {

    static final String ADMIN_TOKEN = "e2e-admin-token-0123456789abcdef";

    private static LocalPlatform shared;

    private E2EPlatform() {
    }

    static synchronized LocalPlatform shared() {
        if (shared == null) {
            shared = start(freshDataDirectory());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "e2e-platform-stop"));
        }
        return shared;
    }

    static LocalPlatform start(Path dataDirectory) {
        return start(dataDirectory, Map.of());
    }

    /** A platform of its own, its services also given {@code settings} (environment variables). */
    static LocalPlatform start(Path dataDirectory, Map<String, String> settings) {
        Map<String, String> environment = new HashMap<>(System.getenv());
        environment.putAll(settings);
        environment.put("FLOATCHAT_DATA_DIR", dataDirectory.toString());
        environment.put("FLOATCHAT_HTTP_PORT", "0");
        environment.put("FLOATCHAT_ADMIN_TOKEN", ADMIN_TOKEN);
        // the e2e webhook receiver runs on loopback, as a local deployment's would
        environment.put("FLOATCHAT_OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true");
        return LocalPlatform.start(LocalPlatformConfig.fromEnvironment(home(), environment), System.out::println);
    }

    /** Stops a platform of its own and the fake peers a test class started beside it (any may be null: not started). */
    static void stopAll(LocalPlatform platform, WireMockServer... peers) {
        if (platform != null) {
            platform.close();
        }
        for (WireMockServer peer : peers) {
            if (peer != null) {
                peer.stop();
            }
        }
    }

    /** A request as the demo tenant's key makes it, through the gateway. */
    static RequestSpecification asDemo() {
        return asDemo(shared());
    }

    /** A request as {@code platform}'s demo tenant makes it, through its gateway. */
    static RequestSpecification asDemo(LocalPlatform platform) {
        return given().baseUri(platform.gatewayUrl()).header("Authorization", "Basic " + platform.demoTenant().apiKey())
                .contentType(ContentType.JSON);
    }

    /** {@code /bot-api/v1.0/customer/{demo customer}/bot/{demo bot}}. */
    static String demoPrefix() {
        return demoPrefix(shared());
    }

    static String demoPrefix(LocalPlatform platform) {
        DemoTenant demo = platform.demoTenant();
        return "/bot-api/v1.0/customer/" + demo.customerId() + "/bot/" + demo.botKey();
    }

    static Path freshDataDirectory() {
        try {
            return Files.createTempDirectory("floatchat-e2e");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path home() {
        return Path.of(System.getProperty("floatchat.home", "..")).toAbsolutePath().normalize();
    }
}
