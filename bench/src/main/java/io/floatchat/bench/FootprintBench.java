package io.floatchat.bench;

import io.floatchat.local.PlatformService;
import io.vertx.core.http.HttpMethod;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Per service: start to ready (a fresh instance against running PostgreSQL and Kafka), resident memory
 * idle and under load; and the whole local platform — five service JVMs, the launcher JVM that hosts
 * Kafka, and PostgreSQL's processes — under load. Target: the whole platform < 4 GiB RSS.
 */
final class FootprintBench {

    private FootprintBench() {
    }

    static void run(Path home, Report report, String[] options) throws Exception {
        try (BenchPlatform platform = BenchPlatform.start(home, "footprint", Map.of());
             Http http = new Http(16)) {
            String gateway = platform.url(PlatformService.GATEWAY);
            Tenant tenant = Tenant.create(http, gateway, "footprint-bench");
            Thread.sleep(10_000); // settle: JIT, first GCs, consumers joined
            Map<PlatformService, Double> idle = rss(platform);
            double idleTotal = platformPss(platform);

            // mixed load for 30 s: reads through the gateway, messages written, flows triggered
            http.json(HttpMethod.PUT, gateway + tenant.prefix() + "/flows/noop", tenant.basic(),
                    "{\"trigger\":{\"type\":\"api\"},\"steps\":[{\"action\":\"set_attributes\",\"attributes\":{\"seen\":\"yes\"}}]}");
            AtomicLong seq = new AtomicLong();
            List<Thread> load = new ArrayList<>();
            load.add(loadThread(http, () -> http.call(HttpMethod.GET, gateway + tenant.prefix() + "/users?page_size=20",
                    tenant.basic(), null).get(), 300));
            load.add(loadThread(http, () -> http.call(HttpMethod.POST, gateway + tenant.prefix() + "/channel-user/u"
                    + (seq.incrementAndGet() % 500) + "/messages", tenant.basic(), "{\"messageId\":\"m" + seq.get()
                    + "\",\"direction\":\"INBOUND\",\"type\":\"text\",\"text\":\"hello\"}").get(), 100));
            load.add(loadThread(http, () -> http.call(HttpMethod.POST, gateway + tenant.prefix() + "/flow/noop",
                    tenant.basic(), "{\"userId\":\"u" + (seq.incrementAndGet() % 500) + "\"}").get(), 50));
            Map<PlatformService, Double> loaded = new EnumMap<>(PlatformService.class);
            double loadedTotal = 0;
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < end) {
                Thread.sleep(2_000);
                Map<PlatformService, Double> now = rss(platform);
                now.forEach((service, value) -> loaded.merge(service, value, Math::max));
                loadedTotal = Math.max(loadedTotal, platformPss(platform));
            }
            for (Thread thread : load) {
                thread.join();
            }
            for (PlatformService service : PlatformService.values()) {
                report.measured(service.serviceName() + ": RSS idle / under load",
                        String.format("%.0f MiB / %.0f MiB", idle.get(service), loaded.get(service)));
            }
            report.measured("launcher JVM (Kafka) + PostgreSQL processes (sum of PSS), now",
                    String.format("%.0f MiB", infrastructurePss(platform)));
            report.measured("whole platform (sum of PSS): idle / under load", String.format("%.0f MiB / %.0f MiB", idleTotal, loadedTotal));

            for (PlatformService service : PlatformService.values()) {
                long started = System.nanoTime();
                platform.local().startReplica(service);
                report.measured(service.serviceName() + ": start to ready (second instance)",
                        String.format("%.2f s", (System.nanoTime() - started) / 1e9));
            }
            report.ratio("whole platform memory under load (GiB, sum of PSS)", loadedTotal / 1024, "<=", 4.0);
        }
    }

    private static Thread loadThread(Http http, LoadDriver.Call call, double rate) {
        Thread thread = new Thread(() -> {
            try {
                LoadDriver.openModel(call, rate, Duration.ZERO, Duration.ofSeconds(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "footprint-load");
        thread.start();
        return thread;
    }

    private static Map<PlatformService, Double> rss(BenchPlatform platform) {
        Map<PlatformService, Double> rss = new EnumMap<>(PlatformService.class);
        for (PlatformService service : PlatformService.values()) {
            rss.put(service, ProcessStats.rssMiB(platform.process(service)));
        }
        return rss;
    }

    /** Every process of the platform: the five services, this JVM (it hosts Kafka, as ./floatchat up does) and PostgreSQL's. */
    private static double platformPss(BenchPlatform platform) {
        double total = 0;
        for (PlatformService service : PlatformService.values()) {
            total += ProcessStats.pssMiB(platform.process(service));
        }
        return total + infrastructurePss(platform);
    }

    /** This JVM (it hosts Kafka, as ./floatchat up does) and PostgreSQL's processes. */
    private static double infrastructurePss(BenchPlatform platform) {
        double total = ProcessStats.pssMiB(ProcessHandle.current());
        for (ProcessHandle postgres : platform.postgresProcesses()) {
            total += ProcessStats.pssMiB(postgres);
        }
        return total;
    }
}
