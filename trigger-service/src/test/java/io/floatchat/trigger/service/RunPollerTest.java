package io.floatchat.trigger.service;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.floatchat.trigger.rest.FlowsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the executor takes a backlog of runs: whole batches back to back, each user's runs in order. */
@QuarkusTest
class RunPollerTest {

    private static final String NO_STEPS = "{\"trigger\":{\"type\":\"api\"},\"steps\":[]}";
    private static final String SET_ATTRIBUTES = "{\"trigger\":{\"type\":\"api\"},\"steps\":[{\"action\":\"set_attributes\","
            + "\"attributes\":{\"seen\":\"yes\"}}]}";

    /** A step skipped (its progress recorded), then the end. */
    private static final String SKIPPED_THEN_DONE = "{\"trigger\":{\"type\":\"api\"},\"steps\":[{\"action\":\"set_attributes\","
            + "\"attributes\":{\"seen\":\"yes\"},\"when\":{\"attribute\":\"plan\",\"equals\":\"gold\"}}]}";

    @Inject
    RunPoller poller;

    @Inject
    RunRepository runs;

    @Test
    void aFullBatchIsFollowedAtOnceByTheNextWithoutWaitingForATimer() throws Exception {
        FlowsApi api = new FlowsApi();
        storeRuns(api.botKey(), 1_000, NO_STEPS, i -> "9198000070" + (i % 50));

        assertThat(poller.claimRound().await().atMost(Duration.ofSeconds(30)))
                .as("a round that claimed a full batch reports more work").isTrue();
        await().atMost(Duration.ofSeconds(60)).until(() -> api.runsIn("SUCCEEDED") == 1_000);
    }

    @Test
    void oneUsersRunsTakeEffectInTheOrderTheyWereTriggeredWhileOtherUsersRunAlongside() throws Exception {
        FlowsApi api = new FlowsApi();
        String user = "919800007100";
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.USER_ATTRIBUTES)) {
            // every third run is this user's; the others belong to 100 other users, all claimable at once
            storeRuns(api.botKey(), 300, SET_ATTRIBUTES, i -> i % 3 == 0 ? user : "9198000072" + (i % 100));
            List<Integer> applied = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(api.botKey() + "/" + user)) {
                        String eventId = JsonPath.from(record.value()).getString("eventId");
                        applied.add(Integer.parseInt(eventId.substring(eventId.lastIndexOf('_') + 1, eventId.lastIndexOf('-'))));
                    }
                });
                return applied.size() >= 100;
            });
            assertThat(applied).containsExactlyElementsOf(IntStream.range(0, 100).map(i -> i * 3).boxed().toList());
        }
    }

    @Test
    void anApiRunIsHandedOverInMemoryStoredAndFinishedWithoutAClaimInBetween() throws Exception {
        FlowsApi api = new FlowsApi();
        api.put("counted", Map.of("trigger", Map.of("type", "api"),
                "steps", List.of(Map.of("action", "set_attributes", "attributes", Map.of("seen", "yes")))));
        // a real trigger logs every update of this bot's runs
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE TABLE trigger.run_update_log (run_id TEXT, status TEXT)");
            sql.execute("CREATE FUNCTION trigger.log_run_update() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN INSERT INTO trigger.run_update_log VALUES (NEW.id, NEW.status); RETURN NEW; END $$");
            sql.execute("CREATE TRIGGER log_run_update AFTER UPDATE ON trigger.flow_run FOR EACH ROW "
                    + "WHEN (NEW.bot_key = '" + api.botKey() + "') EXECUTE FUNCTION trigger.log_run_update()");
        }
        try {
            String runId = api.trigger("counted", Map.of("userId", "919800007600"));

            assertThat(api.finished(runId).getString("responseObject.status")).isEqualTo("SUCCEEDED");
            try (Connection connection = EmbeddedPostgresServer.connect(); Statement sql = connection.createStatement();
                 ResultSet updates = sql.executeQuery("SELECT status FROM trigger.run_update_log WHERE run_id = '" + runId + "'")) {
                List<String> statuses = new ArrayList<>();
                while (updates.next()) {
                    statuses.add(updates.getString(1));
                }
                assertThat(statuses).as("written when stored and when finished, never claimed from the table")
                        .containsExactly("SUCCEEDED");
            }
        } finally {
            try (Connection connection = EmbeddedPostgresServer.connect(); Statement sql = connection.createStatement()) {
                sql.execute("DROP TRIGGER log_run_update ON trigger.flow_run");
                sql.execute("DROP FUNCTION trigger.log_run_update()");
                sql.execute("DROP TABLE trigger.run_update_log");
            }
        }
    }

    @Test
    void runsHandedOverInMemoryWaitForTheSameUsersOlderRunsInTheTable() throws Exception {
        FlowsApi api = new FlowsApi();
        api.put("ordered", Map.of("trigger", Map.of("type", "api"),
                "steps", List.of(Map.of("action", "set_attributes", "attributes", Map.of("seen", "yes")))));
        String user = "919800007700";
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.USER_ATTRIBUTES)) {
            // a backlog of six batches in the table, every third run this user's; then three API triggers
            storeRuns(api.botKey(), 600, SET_ATTRIBUTES, i -> i % 3 == 0 ? user : "9198000078" + (i % 100));
            List<String> expected = new ArrayList<>(IntStream.range(0, 200).mapToObj(i -> "run_backlog_" + api.botKey() + "_" + i * 3).toList());
            for (int i = 0; i < 3; i++) {
                expected.add(api.trigger("ordered", Map.of("userId", user)));
            }

            List<String> applied = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (record.key().equals(api.botKey() + "/" + user)) {
                        String eventId = JsonPath.from(record.value()).getString("eventId");
                        applied.add(eventId.substring(0, eventId.lastIndexOf('-')));
                    }
                });
                return applied.size() >= expected.size();
            });
            assertThat(applied).containsExactlyElementsOf(expected);
        }
    }

    @Test
    void aRunGivenBackToTheTableIsClaimedAtOnceNotWhenItsLeaseRunsOut() throws Exception {
        FlowsApi api = new FlowsApi();
        String runId = "run_given_back_" + api.botKey();
        long now = System.currentTimeMillis();
        // handed over in memory to an executor that is stopping
        api.storeClaimedRun(runId, "given-back", "919800007900", NO_STEPS, "ACCEPTED", now, now + 120_000, 1);
        runs.release(List.of(new FlowRun(runId, FlowsApi.CUSTOMER, api.botKey(), "given-back", "919800007900", null, null, now)
                .withClaim(1))).await().atMost(Duration.ofSeconds(10));

        await().atMost(Duration.ofSeconds(20)).until(() -> api.runsIn("SUCCEEDED") == 1);
    }

    @Test
    void aUserWhoseRunsTheDatabaseRefusesDoesNotStopTheOtherUsersRuns() throws Exception {
        FlowsApi api = new FlowsApi();
        String refused = "919800007300";
        // the database refuses to record progress of this user's runs (a real failure, from a real trigger)
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement sql = connection.createStatement()) {
            sql.execute("CREATE FUNCTION trigger.refuse_progress() RETURNS trigger LANGUAGE plpgsql AS "
                    + "$$ BEGIN RAISE EXCEPTION 'refused for the test'; END $$");
            sql.execute("CREATE TRIGGER refuse_progress BEFORE UPDATE ON trigger.flow_run FOR EACH ROW "
                    + "WHEN (NEW.bot_key = '" + api.botKey() + "' AND NEW.user_id = '" + refused + "' AND NEW.steps <> '[]'::jsonb) "
                    + "EXECUTE FUNCTION trigger.refuse_progress()");
        }
        try {
            storeRuns(api.botKey(), 20, SKIPPED_THEN_DONE, i -> i < 2 ? refused : "9198000074" + i);

            poller.claimRound().await().atMost(Duration.ofSeconds(30));

            // the timer's rounds may have taken some of them: wait for every run to be claimed and settled
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(api.runsIn("SUCCEEDED")).as("the other users' runs finished and were recorded").isEqualTo(18);
                assertThat(api.runsIn("RUNNING")).as("the refused user's runs stay claimed, taken over when their lease runs out")
                        .isEqualTo(2);
            });
        } finally {
            try (Connection connection = EmbeddedPostgresServer.connect(); Statement sql = connection.createStatement()) {
                sql.execute("DROP TRIGGER refuse_progress ON trigger.flow_run");
                sql.execute("DROP FUNCTION trigger.refuse_progress()");
            }
        }
    }

    private static void storeRuns(String botKey, int count, String definition, IntFunction<String> userOf) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect();
             PreparedStatement insert = connection.prepareStatement("INSERT INTO trigger.flow_run (id, customer_id, bot_key, "
                     + "flow_key, user_id, attributes, definition, status, created_at) VALUES (?, ?, ?, 'backlog', ?, '{}', ?::jsonb, "
                     + "'ACCEPTED', ?)")) {
            for (int i = 0; i < count; i++) {
                insert.setString(1, "run_backlog_" + botKey + "_" + i);
                insert.setLong(2, FlowsApi.CUSTOMER);
                insert.setString(3, botKey);
                insert.setString(4, userOf.apply(i));
                insert.setString(5, definition);
                insert.setLong(6, i);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }
}
