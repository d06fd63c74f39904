package io.floatchat.bench;

import io.floatchat.local.PlatformService;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * API triggers/s (each persists a run before answering 202) against the database's own pace for the
 * same thing: a loop of single-row inserts of a run-shaped row (target >= 0.7x); the same loop on as
 * many connections as the API has concurrent callers is reported too. Also the time from trigger to
 * the flow's webhook arriving at a receiver, at a steady arrival rate (p50/p99, reported).
 */
final class TriggerBench {

    private static final int CONCURRENCY = 16;
    private static final Duration MEASURE = Duration.ofSeconds(15);

    private TriggerBench() {
    }

    static void run(Path home, Report report, String[] options) throws Exception {
        Vertx receiverVertx = Vertx.vertx();
        Recorder toWebhook = new Recorder(3);
        Map<String, Long> sentAt = new ConcurrentHashMap<>();
        AtomicLong received = new AtomicLong();
        HttpServer receiver = receiverVertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            String seq = new JsonObject(body).getJsonObject("attributes").getString("seq");
            Long start = seq == null ? null : sentAt.remove(seq);
            if (start != null) {
                toWebhook.recordValue(Math.max(1, (System.nanoTime() - start) / 1_000));
            }
            received.incrementAndGet();
            request.response().setStatusCode(200).end();
        })).listen(0).toCompletionStage().toCompletableFuture().get();
        try (BenchPlatform platform = BenchPlatform.start(home, "trigger",
                Map.of("FLOATCHAT_OUTBOUND_ALLOW_PRIVATE_NETWORKS", "true"));
             Http http = new Http(CONCURRENCY)) {
            String gateway = platform.url(PlatformService.GATEWAY);
            Tenant tenant = Tenant.create(http, gateway, "trigger-bench");
            http.json(HttpMethod.PUT, gateway + tenant.prefix() + "/flows/bench", tenant.basic(),
                    "{\"name\":\"bench\",\"trigger\":{\"type\":\"api\"},\"steps\":[{\"action\":\"call_webhook\","
                            + "\"url\":\"http://127.0.0.1:" + receiver.actualPort() + "/hook\"}]}");
            String triggerUrl = gateway + tenant.prefix() + "/flow/bench";

            // baseline: the same row the trigger stores, inserted one per statement in a loop (the issue's
            // baseline); the same loop on as many connections as the API has callers is reported beside it
            double insertsPerSecond = insertLoop(platform, 1, MEASURE);
            report.measured("single-row insert loop, 1 connection", String.format("%,.0f rows/s", insertsPerSecond));
            double parallelInserts = insertLoop(platform, CONCURRENCY, MEASURE);
            report.measured("single-row insert loops, " + CONCURRENCY + " connections", String.format("%,.0f rows/s",
                    parallelInserts));

            AtomicLong seq = new AtomicLong();
            LoadDriver.Call trigger = () -> http.call(HttpMethod.POST, triggerUrl, tenant.basic(),
                    "{\"userId\":\"9198" + seq.incrementAndGet() + "\",\"attributes\":{\"plan\":\"gold\"}}").get();
            report.measured("warm-up windows until steady (triggers/s)",
                    LoadDriver.describe(LoadDriver.warmUntilSteady(trigger, CONCURRENCY, Duration.ofSeconds(90))));
            CpuUse cpu = CpuUse.since(platform);
            LoadDriver.Saturation triggers = LoadDriver.saturate(trigger, CONCURRENCY, Duration.ofSeconds(2), MEASURE)
                    .requireSuccess("API triggers");
            report.measured("CPU while saturated (cores)", cpu.cores());
            report.measured("API triggers, " + CONCURRENCY + " concurrent callers", String.format("%,.0f triggers/s (errors %d)",
                    triggers.perSecond(), triggers.errors()));
            report.ratio("API triggers/s / single-row insert loop rows/s", triggers.perSecond() / insertsPerSecond, ">=", 0.7);
            report.measured("API triggers/s / " + CONCURRENCY + " insert loops' rows/s (not the target's baseline)",
                    String.format("%.3f", triggers.perSecond() / parallelInserts));

            // let the executor finish the saturation's runs before timing trigger -> webhook
            long backlogDeadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
            long expected = seq.get();
            while (received.get() < expected && System.nanoTime() < backlogDeadline) {
                LockSupport.parkNanos(Duration.ofMillis(200).toNanos());
            }
            report.measured("webhooks received for the saturation's runs", received.get() + " of " + expected);

            double rate = 50;
            int count = 1_000;
            toWebhook.getIntervalHistogram();
            long start = System.nanoTime();
            long interval = (long) (1e9 / rate);
            for (int i = 0; i < count; i++) {
                long intended = start + i * interval;
                while (System.nanoTime() < intended) {
                    LockSupport.parkNanos(Math.max(1, intended - System.nanoTime()));
                }
                String id = "s" + i;
                sentAt.put(id, intended);
                http.call(HttpMethod.POST, triggerUrl, tenant.basic(),
                        "{\"userId\":\"9199" + i + "\",\"attributes\":{\"seq\":\"" + id + "\"}}").get();
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (!sentAt.isEmpty() && System.nanoTime() < deadline) {
                LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
            }
            Histogram latency = toWebhook.getIntervalHistogram();
            report.measured(String.format("trigger -> webhook at %.0f/s (n=%d, missing %d)", rate, latency.getTotalCount(),
                    sentAt.size()), String.format("p50 %.1f ms, p99 %.1f ms", latency.getValueAtPercentile(50) / 1000d,
                    latency.getValueAtPercentile(99) / 1000d));
        } finally {
            receiverVertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private static double insertLoop(BenchPlatform platform, int connections, Duration measure) throws Exception {
        try (Connection setup = platform.database(PlatformService.TRIGGER)) {
            setup.createStatement().execute("CREATE TABLE IF NOT EXISTS bench_insert (LIKE flow_run INCLUDING ALL)");
        }
        AtomicLong rows = new AtomicLong();
        long end = System.nanoTime() + measure.toNanos();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < connections; t++) {
            int thread = t;
            Thread worker = new Thread(() -> {
                try (Connection connection = platform.database(PlatformService.TRIGGER);
                     PreparedStatement insert = connection.prepareStatement("INSERT INTO bench_insert (id, customer_id, "
                             + "bot_key, flow_key, user_id, attributes, definition, status, created_at) "
                             + "VALUES (?, 1, 'bot', 'bench', ?, '{\"plan\":\"gold\"}', '{\"steps\":[]}', 'ACCEPTED', ?)")) {
                    long i = 0;
                    while (System.nanoTime() < end) {
                        insert.setString(1, "run_" + connections + "_" + thread + "_" + i);
                        insert.setString(2, "9198" + i);
                        insert.setLong(3, System.currentTimeMillis());
                        insert.executeUpdate();
                        i++;
                        rows.incrementAndGet();
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, "insert-loop-" + t);
            worker.start();
            threads.add(worker);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        return rows.get() / (measure.toNanos() / 1e9);
    }
}
