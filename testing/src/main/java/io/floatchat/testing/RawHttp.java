package io.floatchat.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written byte for byte, as a hostile client would: paths no client library would leave
 * alone ({@code ..}, {@code //}, {@code %00}), a chunked body of any size, and a client address of
 * the test's choosing on the loopback network (127.0.0.0/8), so a test's rate-limit buckets are its
 * own. One request per connection.
 */
public final class RawHttp {

    private RawHttp() {
    }

    public record Response(int status, Map<String, String> headers, String body) {

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends the request head (the blank line is added) and then {@code body}, if any, as it is. */
    public static Response send(String clientAddress, int port, String head, byte[] body) {
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(clientAddress), 0));
            socket.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 5_000);
            socket.setSoTimeout(15_000);
            OutputStream out = socket.getOutputStream();
            out.write((head + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                try {
                    out.write(body);
                } catch (IOException closedByServer) {
                    // the server may answer and close before it has read everything: its answer is what counts
                }
            }
            out.flush();
            return read(socket.getInputStream());
        } catch (IOException e) {
            throw new IllegalStateException("raw request failed: " + e.getMessage(), e);
        }
    }

    public static Response get(String clientAddress, int port, String path, String... headers) {
        StringBuilder head = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: localhost\r\nConnection: close");
        for (String header : headers) {
            head.append("\r\n").append(header);
        }
        return send(clientAddress, port, head.toString(), null);
    }

    /** A chunked body of {@code size} bytes of {@code fill}, in chunks of 8 KB. */
    public static byte[] chunked(int size, char fill) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int left = size;
        while (left > 0) {
            int chunk = Math.min(8_192, left);
            body.writeBytes((Integer.toHexString(chunk) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes(String.valueOf(fill).repeat(chunk).getBytes(StandardCharsets.ISO_8859_1));
            body.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            left -= chunk;
        }
        body.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        return body.toByteArray();
    }

    private static Response read(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (headers.containsKey("content-length")) {
            body.writeBytes(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            for (int size = Integer.parseInt(line(in).trim(), 16); size > 0; size = Integer.parseInt(line(in).trim(), 16)) {
                body.writeBytes(in.readNBytes(size));
                line(in);
            }
        }
        return new Response(status, headers, body.toString(StandardCharsets.UTF_8));
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c = in.read(); c != -1 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }
}
