package io.floatchat.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The load generator's HTTP client: Vert.x, non-blocking, keep-alive connections. */
final class Http implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    private final Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1));
    private final HttpClient client;

    Http(int connections) {
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(connections).setMaxWaitQueueSize(-1));
    }

    /** A request whose result is its status; the body is read and dropped. */
    LoadDriver.Call call(HttpMethod method, String url, Map<String, String> headers, String body) {
        URI uri = URI.create(url);
        MultiMap headerMap = MultiMap.caseInsensitiveMultiMap().addAll(headers);
        if (body != null) {
            headerMap.set("Content-Type", "application/json");
        }
        Buffer payload = body == null ? null : Buffer.buffer(body);
        RequestOptions options = new RequestOptions().setMethod(method).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setHeaders(headerMap).setTimeout(30_000);
        return () -> client.request(options)
                .compose(request -> payload == null ? request.send() : request.send(payload))
                .compose(response -> response.body().map(ignored -> response.statusCode()));
    }

    /** One request, waited for; its JSON body. */
    JsonNode json(HttpMethod method, String url, Map<String, String> headers, String body) {
        URI uri = URI.create(url);
        RequestOptions options = new RequestOptions().setMethod(method).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()))
                .setHeaders(MultiMap.caseInsensitiveMultiMap().addAll(headers).add("Content-Type", "application/json"));
        try {
            Buffer response = client.request(options)
                    .compose(request -> body == null ? request.send() : request.send(body))
                    .compose(answer -> answer.body().map(content -> {
                        if (answer.statusCode() >= 300) {
                            throw new IllegalStateException(method + " " + url + " answered " + answer.statusCode() + ": " + content);
                        }
                        return content;
                    }))
                    .toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            return JSON.readTree(response.toString());
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url + ": " + e.getMessage(), e);
        }
    }

    /** One request, waited for; fails unless the status is 2xx. The body is read, not parsed. */
    void expectOk(HttpMethod method, String url, Map<String, String> headers, String body) {
        try {
            int status = call(method, url, headers, body).get().toCompletionStage().toCompletableFuture()
                    .get(60, TimeUnit.SECONDS);
            if (status >= 300) {
                throw new IllegalStateException(method + " " + url + " answered " + status);
            }
        } catch (Exception e) {
            throw new IllegalStateException(method + " " + url + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        vertx.close();
    }
}
