package io.floatchat.bench;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WhatsApp Cloud API stand-in in a JVM of its own, as Meta's servers are: arrival times are not
 * bent by the pauses of the bench's JVM, which hosts the Kafka broker. It answers every send like Meta
 * does — at once, or as late as {@code POST /reset?latencyMillis=} asks — and, on {@code GET /stats},
 * tells what arrived since that reset.
 */
final class ProviderStub implements AutoCloseable {

    private final Process process;
    private final int port;
    private final HttpClient client = HttpClient.newHttpClient();

    private ProviderStub(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * What the provider saw: sends, how fast, the busiest one-second window, the quietest whole second
     * after the first send, the longest time without a send, recipients sent to twice. The last two tell
     * a sender that paces a little slow everywhere from one that stops now and then.
     */
    record Stats(long sends, double perSecond, long busiestSecond, long quietestSecond, double longestGapMillis,
                 long recipients, long duplicates, String sendsEachSecond, String gapsOver50Millis) {
    }

    /** Starts the stub; its output goes to {@code <dir>/provider-stub.log}. */
    static ProviderStub start(Path dir) throws IOException, InterruptedException {
        Path portFile = dir.resolve("provider-stub.port");
        Files.deleteIfExists(portFile);
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), ProviderStub.class.getName(), portFile.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("provider-stub.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!Files.exists(portFile) || Files.size(portFile) == 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the provider stub did not start; see " + dir.resolve("provider-stub.log"));
            }
            Thread.sleep(50);
        }
        return new ProviderStub(process, Integer.parseInt(Files.readString(portFile).trim()));
    }

    int port() {
        return port;
    }

    /** Forgets what arrived; from now on each send is answered {@code latencyMillis} after it arrived. */
    void reset(int latencyMillis) throws IOException, InterruptedException {
        client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/reset?latencyMillis=" + latencyMillis))
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding());
    }

    Stats stats() throws IOException, InterruptedException {
        JsonObject stats = new JsonObject(client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/stats"))
                .build(), HttpResponse.BodyHandlers.ofString()).body());
        return new Stats(stats.getLong("sends"), stats.getDouble("perSecond"), stats.getLong("busiestSecond"),
                stats.getLong("quietestSecond"), stats.getDouble("longestGapMillis"), stats.getLong("recipients"),
                stats.getLong("duplicates"), stats.getJsonArray("counts").encode(), stats.getJsonArray("longGaps").encode());
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** The stub's own process. */
    public static void main(String[] args) throws Exception {
        ConcurrentLinkedQueue<Long> arrivals = new ConcurrentLinkedQueue<>();
        Map<String, AtomicLong> perRecipient = new ConcurrentHashMap<>();
        AtomicLong ids = new AtomicLong();
        AtomicLong latencyMillis = new AtomicLong();
        Vertx vertx = Vertx.vertx();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> {
            if (request.path().equals("/reset")) {
                arrivals.clear();
                perRecipient.clear();
                latencyMillis.set(Long.parseLong(request.getParam("latencyMillis", "0")));
                request.response().end();
            } else if (request.path().equals("/stats")) {
                request.response().putHeader("Content-Type", "application/json")
                        .end(stats(new ArrayList<>(arrivals), perRecipient).encode());
            } else {
                request.body().onSuccess(body -> {
                    arrivals.add(System.nanoTime());
                    String to = new JsonObject(body).getString("to");
                    perRecipient.computeIfAbsent(to, key -> new AtomicLong()).incrementAndGet();
                    String answer = "{\"messaging_product\":\"whatsapp\",\"contacts\":[{\"input\":\"" + to
                            + "\",\"wa_id\":\"" + to + "\"}],\"messages\":[{\"id\":\"wamid.bench" + ids.incrementAndGet() + "\"}]}";
                    long latency = latencyMillis.get();
                    if (latency == 0) {
                        request.response().putHeader("Content-Type", "application/json").end(answer);
                    } else {
                        vertx.setTimer(latency, timer -> request.response().putHeader("Content-Type", "application/json").end(answer));
                    }
                });
            }
        }).listen(0).toCompletionStage().toCompletableFuture().get();
        Path portFile = Path.of(args[0]);
        Path written = Files.writeString(portFile.resolveSibling(portFile.getFileName() + ".tmp"), Integer.toString(server.actualPort()));
        Files.move(written, portFile, StandardCopyOption.ATOMIC_MOVE);
    }

    private static JsonObject stats(List<Long> arrivals, Map<String, AtomicLong> perRecipient) {
        arrivals.sort(Long::compare);
        double seconds = arrivals.size() < 2 ? 0 : (arrivals.get(arrivals.size() - 1) - arrivals.get(0)) / 1e9;
        int busiest = 0;
        for (int i = 0, j = 0; i < arrivals.size(); i++) {
            while (arrivals.get(i) - arrivals.get(j) >= 1_000_000_000L) {
                j++;
            }
            busiest = Math.max(busiest, i - j + 1);
        }
        long longestGap = 0;
        JsonArray longGaps = new JsonArray();
        for (int i = 1; i < arrivals.size(); i++) {
            long gap = arrivals.get(i) - arrivals.get(i - 1);
            longestGap = Math.max(longestGap, gap);
            if (gap > 50_000_000L && longGaps.size() < 20) {
                longGaps.add(String.format("%.0f ms at %.2f s", gap / 1e6, (arrivals.get(i - 1) - arrivals.get(0)) / 1e9));
            }
        }
        long quietest = arrivals.isEmpty() ? 0 : Long.MAX_VALUE;
        JsonArray counts = new JsonArray();
        for (int second = 0, i = 0; second < (int) seconds; second++) {
            long end = arrivals.get(0) + (second + 1) * 1_000_000_000L;
            int count = 0;
            while (i < arrivals.size() && arrivals.get(i) < end) {
                i++;
                count++;
            }
            quietest = Math.min(quietest, count);
            counts.add(count);
        }
        long duplicates = perRecipient.values().stream().filter(count -> count.get() > 1).count();
        return new JsonObject().put("sends", arrivals.size()).put("perSecond", seconds == 0 ? 0 : (arrivals.size() - 1) / seconds)
                .put("busiestSecond", busiest).put("quietestSecond", quietest == Long.MAX_VALUE ? arrivals.size() : quietest)
                .put("longestGapMillis", longestGap / 1e6).put("counts", counts).put("longGaps", longGaps).put("recipients", perRecipient.size()).put("duplicates", duplicates);
    }
}
