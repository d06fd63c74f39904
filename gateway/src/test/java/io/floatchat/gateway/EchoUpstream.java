package io.floatchat.gateway;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;

/**
 * A real HTTP server standing in for users-, broadcast- and trigger-service: it answers with what it
 * received (method, path, query, headers, body), with the status asked for in {@code X-Echo-Status}.
 * conversations-service points at a closed port, to see the gateway answer 503.
 */
public class EchoUpstream implements QuarkusTestResourceLifecycleManager {

    private Vertx vertx;

    @Override
    public Map<String, String> start() {
        vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            JsonObject headers = new JsonObject();
            request.headers().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
            JsonObject echo = new JsonObject()
                    .put("method", request.method().name())
                    .put("path", request.path())
                    .put("query", request.query())
                    .put("headers", headers)
                    .put("body", body.toString());
            String status = request.getHeader("X-Echo-Status");
            request.response()
                    .setStatusCode(status == null ? 200 : Integer.parseInt(status))
                    .putHeader("Content-Type", "application/json")
                    .putHeader("X-Upstream", "echo")
                    .end(echo.encode());
        }));
        int port;
        try {
            port = server.listen(0).toCompletionStage().toCompletableFuture().get().actualPort();
        } catch (Exception e) {
            throw new IllegalStateException("echo upstream did not start", e);
        }
        String url = "http://localhost:" + port;
        return Map.of(
                "floatchat.upstream.users", url,
                "floatchat.upstream.broadcast", url,
                "floatchat.upstream.trigger", url,
                "floatchat.upstream.conversations", "http://localhost:" + closedPort());
    }

    @Override
    public void stop() {
        vertx.close();
    }

    private static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
