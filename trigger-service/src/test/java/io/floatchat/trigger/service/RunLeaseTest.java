package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.events.UserAttributesEvent;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.floatchat.trigger.rest.FlowsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A run's claim is a lease, renewed while this replica holds the run, and fenced: a lost claim records nothing. */
@QuarkusTest
@TestProfile(SlowTenantFlowsTest.SmallSlots.class)
class RunLeaseTest {

    private static final WireMockServer RECEIVER = start();

    @Inject
    StepRecorder recorder;

    @Inject
    RunRepository runs;

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    @Test
    void runsWaitingLongerThanTheirLeaseForTheirTurnAreRenewedAndRunOnce() throws Exception {
        // one user's 70 runs, one after another, 0.6 s each: the last wait ~42 s, past the 25-second lease they were stored with
        FlowsApi api = new FlowsApi();
        RECEIVER.stubFor(post(urlEqualTo("/steady/" + api.botKey())).willReturn(aResponse().withStatus(200).withFixedDelay(600)));
        api.put("crm", Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "call_webhook",
                "url", RECEIVER.baseUrl() + "/steady/" + api.botKey()))));
        List<String> runIds = IntStream.range(0, 70).mapToObj(i -> api.trigger("crm", Map.of("userId", "919940001"))).toList();

        await().atMost(Duration.ofSeconds(120)).until(() -> api.runsIn("SUCCEEDED") + api.runsIn("FAILED") == 70);

        assertThat(api.runsIn("SUCCEEDED")).isEqualTo(70);
        Map<String, Integer> calls = new HashMap<>();
        for (ServeEvent call : RECEIVER.getAllServeEvents()) {
            if (call.getRequest().getUrl().equals("/steady/" + api.botKey())) {
                calls.merge(JsonPath.from(call.getRequest().getBodyAsString()).getString("runId"), 1, Integer::sum);
            }
        }
        Map<String, Integer> attempts = new HashMap<>();
        runIds.forEach(runId -> attempts.put(runId, api.run(runId).getInt("responseObject.steps[0].attempts")));
        // a run taken over while it waited would have been called by two executors, more often than its recorded attempts
        assertThat(calls).as("every call the receiver got is an attempt of the one execution recorded").isEqualTo(attempts);
    }

    @Test
    void aResultUnderAClaimThatWasReplacedIsNotRecordedNorItsEventPublished() throws Exception {
        FlowsApi api = new FlowsApi();
        String runId = "run_fenced_" + api.botKey();
        long now = System.currentTimeMillis();
        // another executor holds the run under claim 5, its lease a minute ahead
        api.storeClaimedRun(runId, "fenced", "919950001", "{\"steps\":[{\"action\":\"set_attributes\",\"attributes\":{}}]}",
                "RUNNING", now, now + 60_000, 5);
        FlowRun stale = new FlowRun(runId, FlowsApi.CUSTOMER, api.botKey(), "fenced", "919950001",
                JsonNodeFactory.instance.objectNode(), JsonNodeFactory.instance.objectNode(), now).withClaim(4);
        var steps = JsonNodeFactory.instance.arrayNode().add(JsonNodeFactory.instance.objectNode().put("status", "SUCCEEDED"));

        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.USER_ATTRIBUTES)) {
            assertThat(recorder.record(stale, steps, "SUCCEEDED", now, event(api, "stale")).await().atMost(Duration.ofSeconds(10)))
                    .as("the replaced claim's result is refused").isFalse();
            assertThat(runs.renew(List.of(stale), now + 120_000).await().atMost(Duration.ofSeconds(10)))
                    .as("nor can the replaced claim renew the lease").isEmpty();
            assertThat(statusAndLease(runId)).containsExactly("RUNNING", Long.toString(now + 60_000));

            assertThat(recorder.record(stale.withClaim(5), steps, "SUCCEEDED", now, event(api, "current"))
                    .await().atMost(Duration.ofSeconds(10))).isTrue();
            Set<String> published = new HashSet<>();
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(Topics.userKey(api.botKey(), "919950001"))) {
                        published.add(JsonPath.from(record.value()).getString("eventId"));
                    }
                });
                return published.contains(runId + "-current");
            });
            assertThat(published).containsExactly(runId + "-current");
            assertThat(statusAndLease(runId)).containsExactly("SUCCEEDED", null);
        }
    }

    private static UserAttributesEvent event(FlowsApi api, String which) {
        String runId = "run_fenced_" + api.botKey();
        return new UserAttributesEvent(runId + "-" + which, FlowsApi.CUSTOMER, api.botKey(), "919950001", null, null,
                JsonNodeFactory.instance.objectNode().put("claim", which), System.currentTimeMillis());
    }

    private static List<String> statusAndLease(String runId) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect();
             PreparedStatement select = connection.prepareStatement("SELECT status, lease_until FROM trigger.flow_run WHERE id = ?")) {
            select.setString(1, runId);
            try (ResultSet row = select.executeQuery()) {
                assertThat(row.next()).isTrue();
                List<String> values = new ArrayList<>();
                values.add(row.getString(1));
                values.add(row.getString(2));
                return values;
            }
        }
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
