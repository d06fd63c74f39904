package io.floatchat.trigger;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An SMTP server that accepts every connection and sends its greeting a byte a second, and nothing
 * more: the slow peer a mail client must not wait on for ever.
 */
public final class TricklingSmtpServer implements AutoCloseable {

    private static final byte[] GREETING = "220 slow.example ESMTP at its own pace\r\n".getBytes(StandardCharsets.US_ASCII);

    private final ServerSocket server;
    private final List<Socket> connections = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();

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
                daemon(() -> trickle(connection));
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

    private static void trickle(Socket connection) {
        try (connection; OutputStream out = connection.getOutputStream()) {
            for (byte b : GREETING) {
                out.write(b);
                out.flush();
                Thread.sleep(1_000);
            }
            Thread.sleep(Long.MAX_VALUE);
        } catch (IOException | InterruptedException closed) {
            // the client gave up, or the server stopped
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        for (Socket connection : connections) {
            connection.close();
        }
    }
}
