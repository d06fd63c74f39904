package io.floatchat.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import io.floatchat.local.PlatformService;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Crashes as Kubernetes sees them: one of two replicas killed with SIGKILL — no shutdown hook, its
 * claims left behind — three times at random moments, during a 20,000-recipient WhatsApp broadcast and
 * during flow runs. The launcher starts it again; the other replica goes on; the dead one's claims run
 * out and are taken again. Every recipient and every run ends with an outcome, and what is done twice
 * is at most what was in flight at the kills (a graceful restart repeats nothing: BroadcastE2ETest).
 */
class CrashE2ETest {

    private static final int RECIPIENTS = 20_000;
    private static final int RUNS = 400;
    private static final int KILLS = 3;
    private static final String PHONE_NUMBER_ID = "555000999";
    /** Short leases, so a dead replica's claims come back within seconds; each outlasts its longest call, as checked at start. */
    private static final Map<String, String> SETTINGS = Map.of(
            "FLOATCHAT_BROADCAST_PROVIDER_TIMEOUT", "2s",
            "FLOATCHAT_BROADCAST_SEND_ATTEMPTS", "2",
            "FLOATCHAT_BROADCAST_RETRY_DELAY", "200ms",
            "FLOATCHAT_BROADCAST_SENDING_LEASE", "15s",
            "FLOATCHAT_FLOWS_CALL_TIMEOUT", "2s",
            "FLOATCHAT_FLOWS_RUN_LEASE", "30s",
            "FLOATCHAT_FLOWS_RUNS_IN_FLIGHT_PER_BOT", "16");
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static LocalPlatform platform;
    private static DemoTenant demo;
    private static WireMockServer meta;
    private static WireMockServer crm;
    private static final Map<PlatformService, String> replicaUrls = new HashMap<>();
    private final long seed = System.nanoTime();
    private final Random random = new Random(seed);

    @BeforeAll
    static void startPlatform() {
        Path data = E2EPlatform.freshDataDirectory();
        platform = E2EPlatform.start(data, SETTINGS);
        demo = platform.demoTenant();
        replicaUrls.put(PlatformService.BROADCAST, platform.startReplica(PlatformService.BROADCAST));
        replicaUrls.put(PlatformService.TRIGGER, platform.startReplica(PlatformService.TRIGGER));
        meta = new WireMockServer(options().dynamicPort().containerThreads(200).globalTemplating(true));
        meta.start();
        crm = new WireMockServer(options().dynamicPort().containerThreads(100));
        crm.start();
    }

    @AfterAll
    static void stopPlatform() {
        E2EPlatform.stopAll(platform, meta, crm);
    }

    @Test
    void aBroadcastReplicaKilledThreeTimesLosesNoRecipientAndRepeatsOnlyItsSendsInFlight() {
        FakeCloudApi.acceptsMessagesFor(meta, PHONE_NUMBER_ID);
        api().body(FakeCloudApi.channel(PHONE_NUMBER_ID, meta, 250)).put(prefix() + "/channels/whatsapp").then().statusCode(200);
        List<String> users = new ArrayList<>(RECIPIENTS);
        for (int i = 0; i < RECIPIENTS; i++) {
            users.add("9171" + String.format("%08d", i));
        }
        String id = api().body(Map.of("name", "crash-proof", "channel", "whatsapp", "channelUserIds", users,
                        "message", Map.of("type", "template", "template", Map.of("name", "sale", "language", Map.of("code", "en")))))
                .post(prefix() + "/broadcasts").then().statusCode(202).extract().jsonPath()
                .getString("responseObject.broadcastId");
        IntSupplier withOutcome = () -> E2EDatabase.count(platform, "SELECT count(*) FROM broadcast.recipient WHERE broadcast_id = '"
                + id + "' AND status NOT IN ('PENDING', 'SENDING')");

        int inFlightAtKills = killAtRandomMoments(PlatformService.BROADCAST, withOutcome, RECIPIENTS,
                () -> FakeCloudApi.sendsByRecipient(meta, PHONE_NUMBER_ID).keySet(), CrashE2ETest::recipientsInLanes);

        await().atMost(Duration.ofSeconds(240)).untilAsserted(() -> assertThat(api()
                .get(prefix() + "/broadcasts/" + id).then().statusCode(200).extract().jsonPath()
                .getString("responseObject.status")).isEqualTo("COMPLETED"));
        JsonPath view = api().get(prefix() + "/broadcasts/" + id).then().extract().jsonPath();
        assertThat(view.getInt("responseObject.counts.sent")).as("every recipient has its outcome").isEqualTo(RECIPIENTS);
        Map<String, Integer> received = FakeCloudApi.sendsByRecipient(meta, PHONE_NUMBER_ID);
        assertThat(received).as("none is lost").hasSize(RECIPIENTS);
        long twice = received.values().stream().filter(count -> count > 1).count();
        System.out.printf("CrashE2ETest (seed %d): %d of %d recipients were sent twice after %d SIGKILLs; "
                + "at most %d sends were in flight at the kills%n", seed, twice, RECIPIENTS, KILLS, inFlightAtKills);
        assertThat(received.values()).as("a recipient is sent again only if its send was in flight at a kill")
                .allMatch(count -> count <= 1 + KILLS);
        assertThat(twice).isLessThanOrEqualTo(inFlightAtKills);
        assertThat(E2EDatabase.count(platform, "SELECT count(*) FROM broadcast.recipient WHERE broadcast_id = '" + id
                + "' AND attempts > 1")).as("the killed replica's claims were taken over").isPositive();
    }

    @Test
    void aTriggerReplicaKilledThreeTimesEndsEveryRunAndRepeatsOnlyStepsInFlight() throws Exception {
        crm.stubFor(post(urlPathMatching("/crm/(one|two)")).willReturn(aResponse().withStatus(204).withFixedDelay(700)));
        api().body(Map.of("name", "crash-proof", "trigger", Map.of("type", "event", "eventType", "crash.test"),
                        "steps", List.of(Map.of("action", "call_webhook", "url", crm.baseUrl() + "/crm/one", "method", "POST"),
                                Map.of("action", "call_webhook", "url", crm.baseUrl() + "/crm/two", "method", "POST"))))
                .put(prefix() + "/flows/crash-proof").then().statusCode(200);
        TriggerEvents.publish(platform, "crash.test", "9172", RUNS);
        String ofTheFlow = "FROM trigger.flow_run WHERE flow_key = 'crash-proof' AND bot_key = '" + demo.botKey() + "'";
        await().atMost(Duration.ofSeconds(30)).until(() -> E2EDatabase.count(platform, "SELECT count(*) " + ofTheFlow) == RUNS);
        IntSupplier stepsRecorded = () -> E2EDatabase.count(platform, "SELECT coalesce(sum(jsonb_array_length(steps)), 0) "
                + ofTheFlow);

        int inFlightAtKills = killAtRandomMoments(PlatformService.TRIGGER, stepsRecorded, 2 * RUNS,
                () -> stepCalls().keySet(), CrashE2ETest::runsHeld);

        await().atMost(Duration.ofSeconds(240)).until(() -> E2EDatabase.count(platform,
                "SELECT count(*) " + ofTheFlow + " AND status = 'SUCCEEDED'") == RUNS);
        Map<String, Integer> calls = stepCalls();
        assertThat(calls).as("every step of every run was called").hasSize(2 * RUNS);
        long repeated = calls.values().stream().filter(count -> count > 1).count();
        System.out.printf("CrashE2ETest (seed %d): %d of %d steps were called twice after %d SIGKILLs; "
                + "at most %d steps were in flight at the kills%n", seed, repeated, 2 * RUNS, KILLS, inFlightAtKills);
        assertThat(repeated).as("a step repeats only if it was in flight at a kill").isLessThanOrEqualTo(inFlightAtKills);
        assertThat(E2EDatabase.count(platform, "SELECT count(*) " + ofTheFlow + " AND jsonb_array_length(steps) <> 2"))
                .as("each run records each step once").isZero();
        assertThat(E2EDatabase.count(platform, "SELECT count(*) " + ofTheFlow + " AND claim > 1"))
                .as("the killed replica's runs were taken over").isPositive();
    }

    /**
     * Kills an instance of {@code service} with SIGKILL {@value #KILLS} times — each time the one
     * holding work (by {@code held}), once the work done passes a random point and the instance killed
     * before is back — and waits for the launcher to start it again. Returns how much was in flight at
     * the kills, at most: per kill, what the peer had received (distinct) by the time the killed instance
     * was back, less what had an outcome just before the kill.
     */
    private int killAtRandomMoments(PlatformService service, IntSupplier done, int total, Supplier<Set<String>> received,
                                    ToIntFunction<String> held) {
        List<Double> moments = new ArrayList<>();
        for (int i = 0; i < KILLS; i++) {
            moments.add(0.1 + random.nextDouble() * 0.4);
        }
        moments.sort(Double::compare);
        List<String> urls = List.of(platform.serviceUrl(service), replicaUrls.get(service));
        int inFlight = 0;
        for (int kill = 0; kill < KILLS; kill++) {
            // each kill a little further on than the one before, so three fit in the work
            int point = (int) (total * (moments.get(kill) + kill * 0.08));
            await().atMost(Duration.ofSeconds(120)).until(() -> done.getAsInt() >= point
                    && urls.stream().anyMatch(url -> held.applyAsInt(url) > 0));
            int victim = held.applyAsInt(urls.get(0)) >= held.applyAsInt(urls.get(1)) ? 0 : 1;
            ProcessHandle process = platform.processesOf(service).get(victim);
            int before = done.getAsInt();
            assertThat(before).as("kill %d comes in the middle of the work", kill + 1).isLessThan(total);
            process.destroyForcibly();
            waitForExit(process);
            await().atMost(Duration.ofSeconds(90)).until(() -> platform.processesOf(service).get(victim).pid() != process.pid()
                    && ready(urls.get(victim)));
            inFlight += new HashSet<>(received.get()).size() - before;
        }
        return inFlight;
    }

    /** Recipients an instance of broadcast-service holds in its lanes now (its dispatch health check says). */
    private static int recipientsInLanes(String baseUrl) {
        try {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            Integer held = JsonPath.from(health.body())
                    .getInt("checks.find { it.name == 'broadcast-dispatch' }.data.recipientsInLanes");
            return held == null ? 0 : held;
        } catch (Exception notAnswering) {
            return 0;
        }
    }

    /** Flow runs an instance of trigger-service holds now (its {@code floatchat_trigger_flow_runs_held} gauge). */
    private static int runsHeld(String baseUrl) {
        try {
            String metrics = HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/metrics")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
            return metrics.lines().filter(line -> line.startsWith("floatchat_trigger_flow_runs_held"))
                    .mapToInt(line -> (int) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
        } catch (Exception notAnswering) {
            return 0;
        }
    }

    private static void waitForExit(ProcessHandle victim) {
        try {
            victim.onExit().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("a SIGKILLed JVM did not exit", e);
        }
    }

    private static boolean ready(String baseUrl) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + "/q/health/ready")).timeout(Duration.ofSeconds(2))
                    .build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (Exception notYet) {
            return false;
        }
    }

    /** Webhook calls the CRM received, by step and run. */
    private static Map<String, Integer> stepCalls() {
        Map<String, Integer> calls = new HashMap<>();
        for (ServeEvent call : crm.getAllServeEvents()) {
            calls.merge(call.getRequest().getUrl() + " " + JsonPath.from(call.getRequest().getBodyAsString()).getString("runId"),
                    1, Integer::sum);
        }
        return calls;
    }

    /** As this platform's demo tenant (not the shared platform's). */
    private static RequestSpecification api() {
        return E2EPlatform.asDemo(platform);
    }

    private static String prefix() {
        return E2EPlatform.demoPrefix(platform);
    }
}
