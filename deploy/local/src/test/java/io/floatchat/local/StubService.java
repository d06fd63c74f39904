package io.floatchat.local;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A stand-in for a service JVM, run by the supervision tests as its own process: answers
 * {@code /q/health/ready} and {@code /q/health/live} on {@code QUARKUS_HTTP_PORT} as Quarkus does.
 * Liveness is DOWN while the file named by {@code STUB_UNLIVE_FILE} holds this process's pid; with
 * {@code STUB_CRASH=true} it exits at once with code 3, as a service with a broken configuration would;
 * {@code STUB_START_MILLIS} is how long it takes to start listening, as a JVM on a busy machine takes.
 */
public final class StubService {

    private StubService() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        if (Boolean.parseBoolean(System.getenv("STUB_CRASH"))) {
            System.out.println("stub: refusing to start");
            System.exit(3);
        }
        Thread.sleep(Long.parseLong(System.getenv().getOrDefault("STUB_START_MILLIS", "0")));
        Path unlive = Path.of(System.getenv("STUB_UNLIVE_FILE"));
        String pid = Long.toString(ProcessHandle.current().pid());
        HttpServer server = HttpServer.create(new InetSocketAddress("localhost",
                Integer.parseInt(System.getenv("QUARKUS_HTTP_PORT"))), 16);
        server.createContext("/q/health/ready", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.createContext("/q/health/live", exchange -> {
            boolean down = Files.exists(unlive) && Files.readString(unlive).trim().equals(pid);
            exchange.sendResponseHeaders(down ? 503 : 200, -1);
            exchange.close();
        });
        server.start();
        System.out.println("stub: listening, pid " + pid);
    }
}
