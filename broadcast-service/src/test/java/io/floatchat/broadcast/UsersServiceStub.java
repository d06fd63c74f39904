package io.floatchat.broadcast;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A real HTTP server standing in for users-service, which broadcast-service asks for audiences and
 * for the profiles its placeholders read; tests stub the answers of their own bot's paths.
 */
public class UsersServiceStub implements QuarkusTestResourceLifecycleManager {

    private static WireMockServer server;

    public static synchronized WireMockServer server() {
        if (server == null) {
            server = new WireMockServer(options().dynamicPort());
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "users-stub-stop"));
        }
        return server;
    }

    @Override
    public Map<String, String> start() {
        return Map.of("floatchat.broadcast.users-url", server().baseUrl());
    }

    @Override
    public void stop() {
        // outlives one application, like the embedded servers
    }
}
