package io.floatchat.trigger.service;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.floatchat.trigger.SmtpServer;
import io.floatchat.trigger.TricklingSmtpServer;
import io.floatchat.trigger.rest.FlowsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A tenant whose webhook receiver answers a byte a second, and an SMTP server that greets a byte a
 * second: each step ends at its deadline, the slow bot fills only its own slots, and every other
 * bot's runs complete in their normal time meanwhile; the service stays alive and ready.
 */
@QuarkusTest
@TestProfile(SlowTenantFlowsTest.SmallSlots.class)
class SlowTenantFlowsTest {

    /** Four slots per bot and a 1-second call deadline, so a dozen slow runs are enough to fill them. */
    public static class SmallSlots implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("floatchat.flows.runs-in-flight-per-bot", "4", "floatchat.flows.call-timeout", "1s",
                    "floatchat.flows.run-lease", "25s");
        }
    }

    private static final WireMockServer RECEIVER = start();

    @Inject
    RunPoller poller;

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    @Test
    void aBotWhoseWebhookAnswersAByteASecondTakesOnlyItsOwnSlots() {
        FlowsApi slow = new FlowsApi();
        RECEIVER.stubFor(post(urlEqualTo("/slow/" + slow.botKey())).willReturn(aResponse().withStatus(200)
                .withBody("a".repeat(60)).withChunkedDribbleDelay(60, 60_000)));
        slow.put("crm", webhookFlow("/slow/" + slow.botKey()));
        FlowsApi healthy = new FlowsApi();
        RECEIVER.stubFor(post(urlEqualTo("/quick/" + healthy.botKey())).willReturn(aResponse().withStatus(200).withBody("ok")));
        healthy.put("crm", webhookFlow("/quick/" + healthy.botKey()));

        List<String> slowRuns = IntStream.range(0, 12).mapToObj(i -> slow.trigger("crm", Map.of("userId", "91990000" + i))).toList();
        AtomicInteger most = new AtomicInteger();
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            most.accumulateAndGet(poller.inFlight(slow.botKey()), Math::max);
            return poller.inFlight(slow.botKey()) == 4;
        });

        long started = System.nanoTime();
        List<String> healthyRuns = IntStream.range(0, 5).mapToObj(i -> healthy.trigger("crm", Map.of("userId", "91991000" + i))).toList();
        for (String runId : healthyRuns) {
            assertThat(healthy.finished(runId, Duration.ofSeconds(5)).getString("responseObject.status")).isEqualTo("SUCCEEDED");
            most.accumulateAndGet(poller.inFlight(slow.botKey()), Math::max);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).as("the healthy bot's runs in their normal time")
                .isLessThan(Duration.ofSeconds(5));

        // each slow run fails at its deadline (3 attempts of a second, and the backoff): 12 runs, 4 at a time
        for (String runId : slowRuns) {
            JsonPath run = slow.finished(runId, Duration.ofSeconds(60));
            most.accumulateAndGet(poller.inFlight(slow.botKey()), Math::max);
            assertThat(run.getString("responseObject.status")).isEqualTo("FAILED");
            assertThat(run.getInt("responseObject.steps[0].attempts")).isEqualTo(3);
            assertThat(run.getString("responseObject.steps[0].error")).contains("no whole answer").contains("within 1000 ms");
        }
        assertThat(most.get()).as("never more of the slow bot's runs at once than its slots").isEqualTo(4);
        RECEIVER.verify(36, postRequestedFor(urlEqualTo("/slow/" + slow.botKey())));
        assertThat(given().get("/q/health/live").statusCode()).isEqualTo(200);
        assertThat(given().get("/q/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void anSmtpServerThatGreetsAByteASecondFailsTheEmailStepAtItsDeadlineAndHoldsNoOtherRun() throws Exception {
        int port = SmtpServer.mail.getSmtp().getPort();
        SmtpServer.mail.stop();
        try (TricklingSmtpServer trickling = new TricklingSmtpServer(port)) {
            FlowsApi mailing = new FlowsApi();
            mailing.put("welcome", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "send_email",
                    "to", "{{user.email}}", "subject", "Hello", "body", "Welcome"))));
            FlowsApi healthy = new FlowsApi();
            RECEIVER.stubFor(post(urlEqualTo("/mail-neighbour/" + healthy.botKey())).willReturn(aResponse().withStatus(200)));
            healthy.put("crm", webhookFlow("/mail-neighbour/" + healthy.botKey()));

            List<String> mails = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                mails.add(mailing.trigger("welcome", Map.of("userId", "91992000" + i, "attributes", Map.of("email", "u" + i + "@example.com"))));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> trickling.accepted() > 0);
            String neighbour = healthy.trigger("crm", Map.of("userId", "919930001"));
            assertThat(healthy.finished(neighbour, Duration.ofSeconds(5)).getString("responseObject.status")).isEqualTo("SUCCEEDED");

            for (String runId : mails) {
                JsonPath run = mailing.finished(runId, Duration.ofSeconds(40));
                assertThat(run.getString("responseObject.status")).isEqualTo("FAILED");
                assertThat(run.getInt("responseObject.steps[0].attempts")).isEqualTo(3);
                assertThat(run.getString("responseObject.steps[0].error"))
                        .isEqualTo("SMTP: no answer from the SMTP server within 1000 ms");
            }
        }
    }

    private static Map<String, Object> webhookFlow(String path) {
        return Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "call_webhook",
                "url", RECEIVER.baseUrl() + path)));
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
