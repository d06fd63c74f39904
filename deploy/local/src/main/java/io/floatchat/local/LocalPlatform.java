package io.floatchat.local;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The whole platform on one machine: infrastructure, then the five services as separate JVMs,
 * ready when every service's readiness check passes. Closing it stops everything it started.
 */
public final class LocalPlatform implements AutoCloseable {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final LocalInfrastructure infrastructure;
    private final Map<PlatformService, ServiceProcess> services = new EnumMap<>(PlatformService.class);
    private final Map<PlatformService, Map<String, String>> environments = new EnumMap<>(PlatformService.class);
    private final List<ServiceProcess> replicas = new ArrayList<>();
    /** Processes stopped on purpose (restarted): their exit is not a crash. */
    private final Set<ServiceProcess> retired = ConcurrentHashMap.newKeySet();
    private Map<PlatformService, Path> jars;
    private String javaOptions;
    private final Consumer<String> console;
    private DemoTenant demoTenant;
    private volatile boolean closing;

    private LocalPlatform(LocalInfrastructure infrastructure, Consumer<String> console) {
        this.infrastructure = infrastructure;
        this.console = console;
    }

    public static LocalPlatform start(LocalPlatformConfig config, Consumer<String> console) {
        Map<PlatformService, Path> jars = requireBuilt(config.home());
        int gatewayPort = Ports.requireAvailable(config.httpPort(), "FLOATCHAT_HTTP_PORT");
        LocalPlatform platform = new LocalPlatform(LocalInfrastructure.start(config), console);
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
        return services.get(PlatformService.GATEWAY).baseUrl();
    }

    public String serviceUrl(PlatformService service) {
        return services.get(service).baseUrl();
    }

    /** The demo customer, bot and key made on first start. */
    public DemoTenant demoTenant() {
        return demoTenant;
    }

    public LocalInfrastructure infrastructure() {
        return infrastructure;
    }

    public Path log(PlatformService service) {
        return services.get(service).log();
    }

    /** The JVM of one service (its first instance). */
    public ProcessHandle serviceProcess(PlatformService service) {
        return services.get(service).process().toHandle();
    }

    /** The service JVMs this platform started (the infrastructure runs inside this JVM). */
    public List<ProcessHandle> serviceProcesses() {
        List<ProcessHandle> all = new ArrayList<>();
        services.values().forEach(process -> all.add(process.process().toHandle()));
        replicas.forEach(process -> all.add(process.process().toHandle()));
        return all;
    }

    /**
     * Starts one more instance of a service on a free port, with the same configuration (to try
     * several replicas, e.g. two gateways sharing revocations); stopped with the platform.
     */
    public synchronized String startReplica(PlatformService service) {
        ServiceProcess replica = ServiceProcess.start(service, jars.get(service), Ports.free(), environments.get(service),
                infrastructure.dataDirectory().log(service.serviceName() + "-" + (replicas.size() + 2)), javaOptions);
        replicas.add(replica);
        replica.process().onExit().thenAccept(exited -> reportUnexpectedExit(replica));
        replica.awaitReady(READY_TIMEOUT);
        return replica.baseUrl();
    }

    /**
     * Stops a service gracefully (SIGTERM, as Kubernetes does) and starts it again on the same port
     * with the same configuration — to see what survives a restart.
     */
    public synchronized void restart(PlatformService service) {
        ServiceProcess old = services.get(service);
        retired.add(old);
        old.stop(STOP_GRACE);
        ServiceProcess fresh = ServiceProcess.start(service, jars.get(service), old.port(), environments.get(service),
                old.log(), javaOptions);
        services.put(service, fresh);
        fresh.process().onExit().thenAccept(exited -> reportUnexpectedExit(fresh));
        fresh.awaitReady(READY_TIMEOUT);
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
            ServiceProcess process = ServiceProcess.start(service, jars.get(service), ports.get(service), environment,
                    infrastructure.dataDirectory().log(service.serviceName()), javaOptions);
            services.put(service, process);
            process.process().onExit().thenAccept(exited -> reportUnexpectedExit(process));
        }
        for (ServiceProcess process : services.values()) {
            process.awaitReady(READY_TIMEOUT);
        }
    }

    private void reportUnexpectedExit(ServiceProcess process) {
        if (closing || retired.contains(process)) {
            return;
        }
        console.accept("!! " + process.service().serviceName() + " stopped unexpectedly (exit code "
                + process.process().exitValue() + "); its log: " + process.log());
        process.tailOfLog(15).forEach(line -> console.accept("   | " + line));
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
        closing = true;
        // in parallel: each service drains its own work during its grace period
        List<Thread> stopping = new ArrayList<>();
        List<ServiceProcess> running = new ArrayList<>(services.values());
        running.addAll(replicas);
        for (ServiceProcess process : running) {
            Thread thread = new Thread(() -> process.stop(STOP_GRACE), "stop-" + process.service().serviceName());
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
        infrastructure.close();
    }
}
