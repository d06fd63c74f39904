package io.floatchat.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalInfrastructure;
import io.floatchat.local.LocalPlatform;
import io.floatchat.local.PlatformService;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * PostgreSQL, then Kafka, stopped in the middle of a broadcast and of flow runs, and started again:
 * while one is gone every service says it is not ready (and stays live, so nothing restarts it); once
 * it is back every service is ready again by itself, and every recipient and run ends — nothing lost.
 */
class DependencyOutageE2ETest {

    private static final int RECIPIENTS = 3_000;
    private static final int RUNS = 300;
    private static final String PHONE_NUMBER_ID = "555000777";
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(3);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    private static LocalPlatform platform;
    private static DemoTenant demo;
    private static WireMockServer meta;
    private static WireMockServer crm;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.start(E2EPlatform.freshDataDirectory());
        demo = platform.demoTenant();
        meta = new WireMockServer(options().dynamicPort().containerThreads(100).globalTemplating(true));
        meta.start();
        FakeCloudApi.acceptsMessagesFor(meta, PHONE_NUMBER_ID);
        api().body(FakeCloudApi.channel(PHONE_NUMBER_ID, meta, 250)).put(prefix() + "/channels/whatsapp").then().statusCode(200);
        crm = new WireMockServer(options().dynamicPort().containerThreads(100));
        crm.start();
        crm.stubFor(post(urlPathMatching("/crm/.*")).willReturn(aResponse().withStatus(204).withFixedDelay(1000)));
    }

    @AfterAll
    static void stopPlatform() {
        E2EPlatform.stopAll(platform, meta, crm);
    }

    @Test
    void postgresGoneAndBackMidBroadcastAndMidFlowLosesNothingAndNeedsNoRestart() {
        LocalInfrastructure infrastructure = platform.infrastructure();
        Work work = startWork("pg");
        List<ProcessHandle> services = platform.serviceProcesses();

        infrastructure.stopPostgres();
        try {
            // past SmallRye's default 60 s for an unacknowledged record, and the launcher's 30 s liveness grace
            awaitEveryServiceNotReadyButLive(Duration.ofSeconds(70));
            Response during = api().get(prefix() + "/broadcasts/" + work.broadcastId());
            assertThat(during.statusCode()).as("an answer, not a hung request").isGreaterThanOrEqualTo(500);
            assertThat(during.jsonPath().getString("status.desc")).isNotBlank();
            assertThat(during.asString()).doesNotContainIgnoringCase("exception").doesNotContainIgnoringCase("postgres")
                    .doesNotContainIgnoringCase("connection refused");
        } finally {
            infrastructure.startPostgres();
        }

        awaitEveryServiceReady();
        work.awaitEverythingDone();
        assertThat(platform.serviceProcesses()).as("recovered by itself: no service was restarted").isEqualTo(services);
        assertNoStackTraceLogged();
    }

    @Test
    void kafkaGoneAndBackMidBroadcastAndMidFlowLosesNothingAndNeedsNoRestart() {
        LocalInfrastructure infrastructure = platform.infrastructure();
        Work work = startWork("kafka");
        List<ProcessHandle> services = platform.serviceProcesses();

        infrastructure.stopKafka();
        String acceptedDuringOutage;
        try {
            awaitEveryServiceNotReadyButLive(Duration.ofSeconds(10));
            // the database is there: a broadcast is accepted, its dispatch waits in the outbox for Kafka
            acceptedDuringOutage = api().body(Map.of("name", "during-kafka-outage", "channel", "whatsapp",
                            "channelUserIds", List.of("919900000001", "919900000002"),
                            "message", Map.of("type", "template", "template", Map.of("name", "sale", "language",
                                    Map.of("code", "en")))))
                    .post(prefix() + "/broadcasts").then().statusCode(202).extract().jsonPath()
                    .getString("responseObject.broadcastId");
        } finally {
            infrastructure.startKafka();
        }

        awaitEveryServiceReady();
        work.awaitEverythingDone();
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(broadcast(acceptedDuringOutage)
                .getInt("responseObject.counts.sent")).isEqualTo(2));
        assertThat(platform.serviceProcesses()).as("recovered by itself: no service was restarted").isEqualTo(services);
        assertNoStackTraceLogged();
    }

    /**
     * An outage is told in lines that say what failed, never in stack traces (one per retry would bury
     * them). Vert.x's warning that an event loop was blocked carries the blocked thread's stack by design,
     * and a two-core machine reconnecting everything at once may show one: those frames are not counted.
     */
    private static void assertNoStackTraceLogged() {
        for (PlatformService service : PlatformService.values()) {
            List<String> traced = new ArrayList<>();
            boolean inBlockedThreadWarning = false;
            try (Stream<String> lines = Files.lines(platform.log(service))) {
                for (String line : (Iterable<String>) lines::iterator) {
                    if (!line.startsWith("\tat ") && !line.startsWith("Caused by: ")) {
                        inBlockedThreadWarning = line.contains("has been blocked for");
                    } else if (!inBlockedThreadWarning && traced.size() < 5) {
                        traced.add(line);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            assertThat(traced).as(service.serviceName() + "'s log").isEmpty();
        }
    }

    /** A broadcast and flow runs under way: both a fifth or more done, neither finished. */
    private Work startWork(String name) {
        List<String> users = new ArrayList<>(RECIPIENTS);
        String prefix = name.equals("pg") ? "9173" : "9174";
        for (int i = 0; i < RECIPIENTS; i++) {
            users.add(prefix + String.format("%08d", i));
        }
        String broadcastId = api().body(Map.of("name", "outage-" + name, "channel", "whatsapp",
                        "channelUserIds", users,
                        "message", Map.of("type", "template", "template", Map.of("name", "sale", "language", Map.of("code", "en")))))
                .post(prefix() + "/broadcasts").then().statusCode(202).extract().jsonPath()
                .getString("responseObject.broadcastId");
        String flowKey = "outage-" + name;
        api().body(Map.of("name", flowKey, "trigger", Map.of("type", "event", "eventType", flowKey),
                        "steps", List.of(Map.of("action", "call_webhook", "url", crm.baseUrl() + "/crm/" + flowKey + "/one",
                                        "method", "POST"),
                                Map.of("action", "call_webhook", "url", crm.baseUrl() + "/crm/" + flowKey + "/two",
                                        "method", "POST"))))
                .put(prefix() + "/flows/" + flowKey).then().statusCode(200);
        TriggerEvents.publish(platform, flowKey, prefix, RUNS);
        Work work = new Work(broadcastId, flowKey, prefix);
        await().atMost(Duration.ofSeconds(60)).until(() -> work.recipientsDone() >= RECIPIENTS / 5 && work.stepsDone() >= 1);
        assertThat(work.recipientsDone()).as("the outage comes mid-broadcast").isLessThan(RECIPIENTS);
        assertThat(work.stepsDone()).as("and mid-flow").isLessThan(2 * RUNS);
        return work;
    }

    /** What is under way; its recipients' numbers start with {@code prefix}. */
    private record Work(String broadcastId, String flowKey, String prefix) {

        int recipientsDone() {
            return E2EDatabase.count(platform, "SELECT count(*) FROM broadcast.recipient WHERE broadcast_id = '"
                    + broadcastId + "' AND status NOT IN ('PENDING', 'SENDING')");
        }

        /** Where the broadcast stands, for a failure's message: its recipients by status, what waits in the outbox. */
        String diagnosis() {
            return "recipients " + E2EDatabase.rows(platform, "SELECT status || '=' || count(*) FROM broadcast.recipient "
                    + "WHERE broadcast_id = '" + broadcastId + "' GROUP BY status") + ", broadcast outbox "
                    + E2EDatabase.rows(platform, "SELECT topic || '=' || count(*) FROM broadcast.outbox GROUP BY topic");
        }

        int stepsDone() {
            return E2EDatabase.count(platform, "SELECT coalesce(sum(jsonb_array_length(steps)), 0) FROM trigger.flow_run "
                    + "WHERE flow_key = '" + flowKey + "'");
        }

        void awaitEverythingDone() {
            await().atMost(Duration.ofSeconds(180)).untilAsserted(() -> assertThat(broadcast(broadcastId)
                    .getString("responseObject.status")).as(this::diagnosis).isEqualTo("COMPLETED"));
            assertThat(broadcast(broadcastId).getInt("responseObject.counts.sent")).as(this::diagnosis).isEqualTo(RECIPIENTS);
            assertThat(recipientsSent(prefix)).as("every recipient reached WhatsApp").hasSize(RECIPIENTS);
            await().atMost(Duration.ofSeconds(180)).until(() -> E2EDatabase.count(platform, "SELECT count(*) FROM "
                    + "trigger.flow_run WHERE flow_key = '" + flowKey + "' AND status = 'SUCCEEDED'") == RUNS);
            Set<String> called = new HashSet<>();
            for (ServeEvent call : crm.getAllServeEvents()) {
                if (call.getRequest().getUrl().startsWith("/crm/" + flowKey + "/")) {
                    called.add(call.getRequest().getUrl() + " " + JsonPath.from(call.getRequest().getBodyAsString())
                            .getString("runId"));
                }
            }
            assertThat(called).as("every step of every run reached the CRM").hasSize(2 * RUNS);
        }
    }

    private static Set<String> recipientsSent(String prefix) {
        Set<String> sent = new HashSet<>(FakeCloudApi.sendsByRecipient(meta, PHONE_NUMBER_ID).keySet());
        sent.removeIf(to -> !to.startsWith(prefix));
        return sent;
    }

    private static JsonPath broadcast(String id) {
        return api().get(prefix() + "/broadcasts/" + id).then().statusCode(200)
                .extract().jsonPath();
    }

    /** Every service not ready within a minute, and so until {@code outage} has passed, every service still live meanwhile. */
    private static void awaitEveryServiceNotReadyButLive(Duration outage) {
        long until = System.nanoTime() + outage.toNanos();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(health()).allSatisfy((service, health) ->
                assertThat(health).as(service.serviceName()).startsWith("not ready")));
        // look after look (each takes up to a probe's timeout: a readiness check waits on what is gone), at least three
        for (int look = 0; look < 3 || System.nanoTime() < until; look++) {
            assertThat(health()).allSatisfy((service, health) ->
                    assertThat(health).as(service.serviceName()).isEqualTo("not ready, live"));
        }
    }

    private static void awaitEveryServiceReady() {
        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(health()).allSatisfy((service, health) ->
                assertThat(health).as(service.serviceName()).isEqualTo("ready, live")));
    }

    /**
     * What each service's health checks say now, e.g. "not ready, live": every service asked at once,
     * an answer later than {@link #PROBE_TIMEOUT} (as Kubernetes' probes would) counting as a failed check.
     */
    private static Map<PlatformService, String> health() {
        Map<PlatformService, CompletableFuture<Boolean>> ready = new EnumMap<>(PlatformService.class);
        Map<PlatformService, CompletableFuture<Boolean>> live = new EnumMap<>(PlatformService.class);
        for (PlatformService service : PlatformService.values()) {
            ready.put(service, passes(service, "/q/health/ready"));
            live.put(service, passes(service, "/q/health/live"));
        }
        Map<PlatformService, String> health = new EnumMap<>(PlatformService.class);
        for (PlatformService service : PlatformService.values()) {
            health.put(service, (ready.get(service).join() ? "ready" : "not ready") + ", "
                    + (live.get(service).join() ? "live" : "not live"));
        }
        return health;
    }

    private static CompletableFuture<Boolean> passes(PlatformService service, String path) {
        return HTTP.sendAsync(HttpRequest.newBuilder(URI.create(platform.serviceUrl(service) + path)).timeout(PROBE_TIMEOUT)
                        .build(), HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200)
                .exceptionally(notAnswering -> false);
    }

    /** As this platform's demo tenant (not the shared platform's). */
    private static RequestSpecification api() {
        return E2EPlatform.asDemo(platform);
    }

    private static String prefix() {
        return E2EPlatform.demoPrefix(platform);
    }
}
