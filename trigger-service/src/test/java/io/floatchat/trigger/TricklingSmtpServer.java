package io.floatchat.trigger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that accepts every connection and sends its greeting a byte a second, and nothing
 * more (the connection stays open until the client or {@link #close} ends it): the slow peer a mail
 * client must not wait on for ever. A scheduler writes the next byte every second; nothing sleeps.
 */
public final class TricklingSmtpServer implements AutoCloseable {

    private static final byte[] GREETING = "220 slow.example ESMTP at its own pace\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "trickling-smtp-ticks");
        thread.setDaemon(true);
        return thread;
    });

    public TricklingSmtpServer(int port) throws IOException {
        server = new ServerSocket(port, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept);
    }

    /** Connections accepted so far. */
    public int accepted() {
        return accepted.get();
    }

    private void accept() {
        while (!server.isClosed()) {
            try {
                Socket connection = server.accept();
                accepted.incrementAndGet();
                connections.add(connection);
                trickle(connection, 0);
            } catch (IOException closed) {
                return;
            }
        }
    }

    private static void daemon(Runnable work) {
        Thread thread = new Thread(work, "trickling-smtp");
        thread.setDaemon(true);
        thread.start();
    }

    /** Writes byte {@code next} of the greeting now and schedules the one after it a second later. */
    private void trickle(Socket connection, int next) {
        if (next >= GREETING.length || connection.isClosed()) {
            return;
        }
        try {
            OutputStream out = connection.getOutputStream();
            out.write(GREETING[next]);
            out.flush();
            ticks.schedule(() -> trickle(connection, next + 1), 1, TimeUnit.SECONDS);
        } catch (IOException closed) {
            // the client gave up, or the server stopped
        }
    }

    @Override
    public void close() throws IOException {
        ticks.shutdownNow();
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
