package io.floatchat.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The whole platform on one machine: infrastructure, then the five services as separate JVMs,
 * ready when every service's readiness check passes. A service that crashes or stops being live is
 * started again ({@link RestartPolicy}). Closing it stops everything it started.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final LocalInfrastructure infrastructure;
    private final Map<PlatformService, SupervisedService> services = new EnumMap<>(PlatformService.class);
    private final Map<PlatformService, Map<String, String>> environments = new EnumMap<>(PlatformService.class);
    private final List<SupervisedService> replicas = new ArrayList<>();
    private final ScheduledExecutorService supervision = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "floatchat-supervision");
        thread.setDaemon(true);
        return thread;
    });
    private final RestartPolicy restartPolicy;
    private Map<PlatformService, Path> jars;
    private String javaOptions;
    private final Consumer<String> console;
    private DemoTenant demoTenant;

    private LocalPlatform(LocalInfrastructure infrastructure, Consumer<String> console, RestartPolicy restartPolicy) {
        this.infrastructure = infrastructure;
        this.console = console;
        this.restartPolicy = restartPolicy;
    }

    public static LocalPlatform start(LocalPlatformConfig config, Consumer<String> console) {
        return start(config, console, RestartPolicy.DEFAULT);
    }

    public static LocalPlatform start(LocalPlatformConfig config, Consumer<String> console, RestartPolicy restartPolicy) {
        Map<PlatformService, Path> jars = requireBuilt(config.home());
        int gatewayPort = Ports.requireAvailable(config.httpPort(), "FLOATCHAT_HTTP_PORT");
        LocalPlatform platform = new LocalPlatform(LocalInfrastructure.start(config), console, restartPolicy);
        try {
            platform.startServices(config, jars, gatewayPort);
            platform.demoTenant = DemoTenant.loadOrCreate(platform.infrastructure.dataDirectory().root()
                    .resolve("demo.properties"), platform.gatewayUrl(), platform.infrastructure.adminToken());
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    public String gatewayUrl() {
        return serviceUrl(PlatformService.GATEWAY);
    }

    public String serviceUrl(PlatformService service) {
        return services.get(service).current().baseUrl();
    }

    /** The demo customer, bot and key made on first start. */
    public DemoTenant demoTenant() {
        return demoTenant;
    }

    public LocalInfrastructure infrastructure() {
        return infrastructure;
    }

    public Path log(PlatformService service) {
        return services.get(service).current().log();
    }

    /** The JVM of one service (its first instance) now. */
    public ProcessHandle serviceProcess(PlatformService service) {
        return services.get(service).current().process().toHandle();
    }

    /** The JVMs running one service now: its first instance, then its replicas in the order they started. */
    public synchronized List<ProcessHandle> processesOf(PlatformService service) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(serviceProcess(service));
        replicas.stream().filter(replica -> replica.current().service() == service)
                .forEach(replica -> all.add(replica.current().process().toHandle()));
        return all;
    }

    /** The service JVMs this platform runs now (the infrastructure runs inside this JVM). */
    public synchronized List<ProcessHandle> serviceProcesses() {
        List<ProcessHandle> all = new ArrayList<>();
        services.values().forEach(supervised -> all.add(supervised.current().process().toHandle()));
        replicas.forEach(supervised -> all.add(supervised.current().process().toHandle()));
        return all;
    }

    /**
     * Starts one more instance of a service on a free port, with the same configuration (to try
     * several replicas, e.g. two gateways sharing revocations); stopped with the platform.
     */
    public synchronized String startReplica(PlatformService service) {
        long earlier = replicas.stream().filter(replica -> replica.current().service() == service).count();
        String name = service.serviceName() + "-" + (earlier + 2);
        int port = Ports.free();
        Path log = infrastructure.dataDirectory().log(name);
        SupervisedService replica = supervise(name, () -> ServiceProcess.start(service, jars.get(service), port,
                environments.get(service), log, javaOptions));
        replicas.add(replica);
        replica.awaitReady();
        return replica.current().baseUrl();
    }

    /**
     * Stops a service gracefully (SIGTERM, as Kubernetes does) and starts it again on the same port
     * with the same configuration — to see what survives a restart.
     */
    public synchronized void restart(PlatformService service) {
        services.get(service).restart(STOP_GRACE);
    }

    private void startServices(LocalPlatformConfig config, Map<PlatformService, Path> jars, int gatewayPort) {
        this.jars = jars;
        this.javaOptions = config.environment().get("FLOATCHAT_JAVA_OPTS");
        Map<PlatformService, Integer> ports = new EnumMap<>(PlatformService.class);
        for (PlatformService service : PlatformService.values()) {
            ports.put(service, service == PlatformService.GATEWAY ? gatewayPort : Ports.free());
        }
        for (PlatformService service : PlatformService.values()) {
            Map<String, String> environment = new HashMap<>(config.environment());
            // an SMTP host given means mail should be sent, not just logged
            if (environment.containsKey("QUARKUS_MAILER_HOST")) {
                environment.putIfAbsent("QUARKUS_MAILER_MOCK", "false");
            }
            environment.putAll(infrastructure.serviceEnvironment(service));
            if (service == PlatformService.BROADCAST) {
                environment.put("FLOATCHAT_BROADCAST_USERS_URL", "http://localhost:" + ports.get(PlatformService.USERS));
            }
            if (service == PlatformService.GATEWAY) {
                for (PlatformService upstream : PlatformService.values()) {
                    if (upstream.upstreamVariable() != null) {
                        environment.put(upstream.upstreamVariable(), "http://localhost:" + ports.get(upstream));
                    }
                }
            }
            // readable lines in logs/<service>.log; JSON (the prod profile's default) is for log collectors
            environment.putIfAbsent("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "false");
            List<String> missing = service.requiredVariables().stream()
                    .filter(name -> !environment.containsKey(name)).toList();
            if (!missing.isEmpty()) {
                throw new LaunchException(service.serviceName() + " would start without " + missing);
            }
            environments.put(service, environment);
            int port = ports.get(service);
            Path log = infrastructure.dataDirectory().log(service.serviceName());
            services.put(service, supervise(service.serviceName(), () -> ServiceProcess.start(service, jars.get(service),
                    port, environment, log, javaOptions)));
        }
        for (SupervisedService supervised : services.values()) {
            supervised.awaitReady();
        }
    }

    private SupervisedService supervise(String name, Supplier<ServiceProcess> starter) {
        return SupervisedService.start(name, starter, restartPolicy, console, supervision);
    }

    private static Map<PlatformService, Path> requireBuilt(Path home) {
        Map<PlatformService, Path> jars = new EnumMap<>(PlatformService.class);
        List<String> missing = new ArrayList<>();
        for (PlatformService service : PlatformService.values()) {
            Path jar = service.runnableJar(home);
            if (!Files.isRegularFile(jar)) {
                missing.add(service.serviceName());
            }
            jars.put(service, jar);
        }
        if (!missing.isEmpty()) {
            throw new LaunchException("Not built yet: " + String.join(", ", missing)
                    + " (in " + home + "); run ./floatchat up from the repository root, which builds them.");
        }
        return jars;
    }

    @Override
    public void close() {
        // in parallel: each service drains its own work during its grace period
        List<Thread> stopping = new ArrayList<>();
        List<SupervisedService> running;
        synchronized (this) {
            running = new ArrayList<>(services.values());
            running.addAll(replicas);
        }
        for (SupervisedService supervised : running) {
            Thread thread = new Thread(() -> supervised.stop(STOP_GRACE), "stop-" + supervised.current().service().serviceName());
            thread.start();
            stopping.add(thread);
        }
        for (Thread thread : stopping) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        supervision.shutdownNow();
        infrastructure.close();
    }
}
