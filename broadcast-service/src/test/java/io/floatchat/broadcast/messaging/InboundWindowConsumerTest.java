package io.floatchat.broadcast.messaging;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestKafka;
import io.floatchat.testing.TestTenants;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The 24-hour window's projection of {@code floatchat.messages.v1}, a poll at a time. */
@QuarkusTest
class InboundWindowConsumerTest {

    @Test
    void aUsersLatestInboundMessageIsKeptAndOutboundOlderAndMalformedOnesChangeNothing() throws Exception {
        String bot = "window-" + UUID.randomUUID().toString().substring(0, 8);
        TestTenants.register(10001, bot);
        String key = Topics.userKey(bot, "919811111111");
        long now = System.currentTimeMillis();
        // one key: one partition, so these are read in this order
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919811111111", "INBOUND", now - 60_000));
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919811111111", "OUTBOUND", now));
        TestKafka.send(Topics.MESSAGES, key, "{\"eventId\":\"broken\",\"direction\":\"INBOUND\"");
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919811111111", "INBOUND", now - 30_000));
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919811111111", "INBOUND", now - 90_000));
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919822222222", "OUTBOUND", now));
        // another customer claiming the bot, and a message from the future: neither may open a window
        TestKafka.send(Topics.MESSAGES, key, message(10002, bot, "919877777777", "INBOUND", now - 5_000));
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919866666666", "INBOUND", now + 3_600_000));
        // read as every consumer of the topic reads it: without a type, conversations does not store it either
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919855555555", "INBOUND", now - 5_000).replace("\"type\":\"text\",", ""));
        // read after all of the above: once it is stored, they have been too
        TestKafka.send(Topics.MESSAGES, key, message(bot, "919899999999", "INBOUND", now - 10_000));

        await().atMost(Duration.ofSeconds(20)).until(() -> lastInbound(bot, "919899999999") != null);
        assertThat(lastInbound(bot, "919811111111")).isEqualTo(now - 30_000);
        assertThat(lastInbound(bot, "919822222222")).isNull();
        assertThat(lastInbound(bot, "919877777777")).isNull();
        assertThat(lastInbound(bot, "919866666666")).isNull();
        assertThat(lastInbound(bot, "919855555555")).isNull();
        assertThat(lastInbound(bot, "919899999999")).isEqualTo(now - 10_000);
    }

    @Test
    void aPollWithTheSameUserManyTimesStoresItsLatestOnce() throws Exception {
        String bot = "window-" + UUID.randomUUID().toString().substring(0, 8);
        TestTenants.register(10001, bot);
        long now = System.currentTimeMillis();
        for (int i = 0; i < 50; i++) {
            TestKafka.send(Topics.MESSAGES, Topics.userKey(bot, "919833333333"),
                    message(bot, "919833333333", "INBOUND", now - 50_000 + i * 1_000L));
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(lastInbound(bot, "919833333333")).isEqualTo(now - 1_000));
    }

    private static String message(String bot, String user, String direction, long timestamp) {
        return message(10001, bot, user, direction, timestamp);
    }

    private static String message(long customerId, String bot, String user, String direction, long timestamp) {
        return "{\"eventId\":\"" + UUID.randomUUID() + "\",\"customerId\":" + customerId + ",\"botKey\":\"" + bot + "\",\"userId\":\""
                + user + "\",\"messageId\":\"wamid." + UUID.randomUUID() + "\",\"direction\":\"" + direction
                + "\",\"type\":\"text\",\"text\":\"hi\",\"timestamp\":" + timestamp + "}";
    }

    private static Long lastInbound(String bot, String user) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT last_inbound_at FROM broadcast.inbound_window WHERE bot_key = ? AND user_id = ?")) {
            select.setString(1, bot);
            select.setString(2, user);
            try (ResultSet rows = select.executeQuery()) {
                return rows.next() ? rows.getLong(1) : null;
            }
        }
    }
}
