package io.floatchat.local;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** One service running as its own JVM, its output appended to {@code logs/<service>.log}. */
final class ServiceProcess {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "-Xms32m", "-Xmx256m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError");

    private final PlatformService service;
    private final int port;
    private final Path log;
    private final Process process;

    private ServiceProcess(PlatformService service, int port, Path log, Process process) {
        this.service = service;
        this.port = port;
        this.log = log;
        this.process = process;
    }

    static ServiceProcess start(PlatformService service, Path jar, int port, Map<String, String> environment,
                                Path log, String javaOptions) {
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(javaOptions == null || javaOptions.isBlank()
                ? DEFAULT_JVM_OPTIONS : List.of(javaOptions.trim().split("\\s+")));
        command.add("-jar");
        command.add(jar.toString());
        return start(service, command, port, environment, log);
    }

    /** The {@code java} of the JVM running the launcher: the services run on the same JDK. */
    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    static ServiceProcess start(PlatformService service, List<String> command, int port, Map<String, String> environment,
                                Path log) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(log.toFile()))
                .redirectInput(Redirect.from(nullDevice()));
        builder.environment().putAll(environment);
        builder.environment().put("QUARKUS_HTTP_PORT", Integer.toString(port));
        try {
            return new ServiceProcess(service, port, log, builder.start());
        } catch (IOException e) {
            throw new LaunchException("Could not start " + service.serviceName() + ": " + e.getMessage(), e);
        }
    }

    PlatformService service() {
        return service;
    }

    int port() {
        return port;
    }

    Path log() {
        return log;
    }

    Process process() {
        return process;
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    /** Waits until {@code /q/health/ready} answers 200; fails at once if the process exits. */
    void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/ready"))
                .timeout(PROBE_TIMEOUT).build();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new LaunchException(service.serviceName() + " exited with code " + process.exitValue()
                        + " while starting; see " + log + ".");
            }
            try {
                if (HTTP.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notListeningYet) {
                // still starting
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new LaunchException("Interrupted while waiting for " + service.serviceName() + ".");
            }
            pause();
        }
        throw new LaunchException(service.serviceName() + " was not ready within " + timeout.toSeconds()
                + " s; see " + log + ".");
    }

    /** Whether {@code /q/health/live} answers 200 within {@link #PROBE_TIMEOUT}: a JVM that does not answer is not live. */
    boolean isLive() {
        if (!process.isAlive()) {
            return false;
        }
        HttpRequest live = HttpRequest.newBuilder(URI.create(baseUrl() + "/q/health/live")).timeout(PROBE_TIMEOUT).build();
        try {
            return HTTP.send(live, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException notAnswering) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM first (Quarkus shuts down gracefully), then SIGKILL after the grace period. */
    void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** The last lines of the service's log, for a crash report on the console. */
    List<String> tailOfLog(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(200);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
