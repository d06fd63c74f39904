package io.floatchat.broadcast.service;

import io.floatchat.broadcast.rest.BroadcastsApi;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A Cloud API stand-in answering each phone number's sends after that number's delay, counting what it holds. */
final class FarProvider implements AutoCloseable {

    /** A template message: sent whatever the user's 24-hour window. */
    static final Map<String, Object> TEMPLATE = Map.of("type", "template", "template",
            Map.of("name", "order_update", "language", Map.of("code", "en_US")));
    private static final AtomicLong PHONE_NUMBER_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L + 7_000_000_000L);

    private final Vertx vertx = Vertx.vertx();
    private final Map<String, Long> delays = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> mostInFlight = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> answered = new ConcurrentHashMap<>();
    private final HttpServer server;
    private final AtomicInteger allInFlight = new AtomicInteger();
    private final AtomicInteger mostAllInFlight = new AtomicInteger();

    FarProvider() {
        try {
            server = vertx.createHttpServer().requestHandler(this::handle).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("the provider stand-in did not start", e);
        }
    }

    String baseUrl() {
        return "http://127.0.0.1:" + server.actualPort();
    }

    void answerAfter(String phone, long millis) {
        delays.put(phone, millis);
    }

    int inFlight(String phone) {
        return counter(inFlight, phone).get();
    }

    int mostInFlight(String phone) {
        return counter(mostInFlight, phone).get();
    }

    int answered(String phone) {
        return counter(answered, phone).get();
    }

    /** The most sends of every phone number it held at once. */
    int mostAllInFlight() {
        return mostAllInFlight.get();
    }

    /** A phone number id no other test's account has. */
    static String newPhoneNumberId() {
        return Long.toString(PHONE_NUMBER_IDS.incrementAndGet());
    }

    /** The tenant's WhatsApp channel, on this provider. */
    void configure(BroadcastsApi api, String phone, int messagesPerSecond) {
        api.writer().body(Map.of("phoneNumberId", phone, "accessToken", "tok-" + phone, "appSecret", "app-secret1",
                        "verifyToken", "verify-me-123", "apiBaseUrl", baseUrl(), "apiVersion", "v21.0",
                        "messagesPerSecond", messagesPerSecond))
                .put(api.path() + "/channels/whatsapp").then().statusCode(200);
    }

    static List<String> users(String prefix, int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(prefix + String.format("%05d", i));
        }
        return users;
    }

    private void handle(HttpServerRequest request) {
        // /v21.0/{phone}/messages
        String phone = request.path().split("/")[2];
        int now = counter(inFlight, phone).incrementAndGet();
        counter(mostInFlight, phone).accumulateAndGet(now, Math::max);
        mostAllInFlight.accumulateAndGet(allInFlight.incrementAndGet(), Math::max);
        request.body().onSuccess(body -> {
            Runnable answer = () -> {
                counter(inFlight, phone).decrementAndGet();
                allInFlight.decrementAndGet();
                counter(answered, phone).incrementAndGet();
                request.response().putHeader("Content-Type", "application/json")
                        .end("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.far" + System.nanoTime() + "\"}]}");
            };
            long delay = delays.getOrDefault(phone, 0L);
            if (delay == 0) {
                answer.run();
            } else {
                vertx.setTimer(delay, timer -> answer.run());
            }
        });
    }

    private static AtomicInteger counter(Map<String, AtomicInteger> counters, String phone) {
        return counters.computeIfAbsent(phone, key -> new AtomicInteger());
    }

    @Override
    public void close() {
        vertx.close();
    }
}
