package io.floatchat.bench;

import io.floatchat.local.PlatformService;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/**
 * Cores each part of the platform used over a span of a benchmark: every service, PostgreSQL, and
 * this JVM (the load driver, the stub servers and the embedded Kafka broker).
 */
final class CpuUse {

    private final BenchPlatform platform;
    private final Map<PlatformService, Duration> services = new EnumMap<>(PlatformService.class);
    private final Duration postgres;
    private final Duration bench;
    private final long startedAt;

    private CpuUse(BenchPlatform platform) {
        this.platform = platform;
        for (PlatformService service : PlatformService.values()) {
            services.put(service, ProcessStats.cpu(platform.process(service)));
        }
        this.postgres = postgresCpu(platform);
        this.bench = ProcessStats.cpu(ProcessHandle.current());
        this.startedAt = System.nanoTime();
    }

    private static Duration postgresCpu(BenchPlatform platform) {
        return platform.postgresProcesses().stream().map(ProcessStats::cpu).reduce(Duration.ZERO, Duration::plus);
    }

    static CpuUse since(BenchPlatform platform) {
        return new CpuUse(platform);
    }

    /** Cores used since this was taken, e.g. "gateway 0.02, users-service 0.31, ..., PostgreSQL 0.70, bench JVM 0.40". */
    String cores() {
        double seconds = (System.nanoTime() - startedAt) / 1e9;
        StringJoiner cores = new StringJoiner(", ");
        services.forEach((service, before) -> cores.add(String.format("%s %.2f", service.serviceName(),
                ProcessStats.cpu(platform.process(service)).minus(before).toMillis() / 1000d / seconds)));
        cores.add(String.format("PostgreSQL %.2f", postgresCpu(platform).minus(postgres).toMillis() / 1000d / seconds));
        cores.add(String.format("bench JVM (load, stubs, Kafka) %.2f",
                ProcessStats.cpu(ProcessHandle.current()).minus(bench).toMillis() / 1000d / seconds));
        return cores.toString();
    }
}
