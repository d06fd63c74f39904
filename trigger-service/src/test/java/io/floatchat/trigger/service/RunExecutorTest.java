package io.floatchat.trigger.service;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.floatchat.trigger.rest.FlowsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** How the executor takes a backlog of runs: whole batches back to back, each user's runs in order. */
@QuarkusTest
class RunExecutorTest {

    private static final String NO_STEPS = "{\"trigger\":{\"type\":\"api\"},\"steps\":[]}";
    private static final String SET_ATTRIBUTES = "{\"trigger\":{\"type\":\"api\"},\"steps\":[{\"action\":\"set_attributes\","
            + "\"attributes\":{\"seen\":\"yes\"}}]}";

    @Inject
    RunExecutor executor;

    @Test
    void aFullBatchIsFollowedAtOnceByTheNextWithoutWaitingForATimer() throws Exception {
        FlowsApi api = new FlowsApi();
        storeRuns(api.botKey(), 1_000, NO_STEPS, i -> "9198000070" + (i % 50));

        assertThat(executor.executeRound().await().atMost(Duration.ofSeconds(30)))
                .as("a round that claimed a full batch reports more work").isTrue();
        assertThat(api.runsIn("SUCCEEDED")).as("a round ends when its runs' outcomes are recorded").isGreaterThanOrEqualTo(100);
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
