package io.floatchat.broadcast.service;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.floatchat.broadcast.messaging.DispatchConsumer;
import io.floatchat.broadcast.rest.BroadcastsApi;
import io.floatchat.common.events.Topics;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Utils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tenant B's WhatsApp endpoint answers a byte at a time; tenant A's answers at once. B's broadcast
 * fills B's lane and pauses B's partition only: A's broadcasts complete in their normal time, before
 * and after SmallRye's 60-second acknowledgement threshold, and the service stays alive throughout.
 * Small lanes here, so that a few hundred recipients are enough to fill one.
 */
@QuarkusTest
@TestProfile(SlowTenantTest.SmallLanes.class)
class SlowTenantTest {

    public static class SmallLanes implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("floatchat.broadcast.lane-capacity", "40", "floatchat.broadcast.send-concurrency", "4",
                    "floatchat.broadcast.parked-records-per-partition", "2");
        }
    }

    private static final WireMockServer META = start();
    private static final AtomicLong PHONE_NUMBER_IDS = new AtomicLong(System.nanoTime() % 1_000_000_000L);
    private static final Map<String, Object> TEMPLATE = Map.of("type", "template", "template",
            Map.of("name", "order_update", "language", Map.of("code", "en_US")));

    @Inject
    DispatchConsumer consumer;

    @AfterAll
    static void stop() {
        META.stop();
    }

    @Test
    void aTenantWhoseProviderAnswersAByteASecondDelaysOnlyItsOwnBroadcast() {
        int partitions = dispatchPartitions();
        BroadcastsApi slow = new BroadcastsApi();
        String slowPhone = phoneOnPartitionOtherThan(-1, partitions);
        configure(slow, slowPhone);
        META.stubFor(post(urlEqualTo("/v21.0/" + slowPhone + "/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.too-late\"}]}")
                .withChunkedDribbleDelay(60, 60_000)));
        BroadcastsApi healthy = new BroadcastsApi();
        String healthyPhone = phoneOnPartitionOtherThan(partitionOf(slowPhone, partitions), partitions);
        configure(healthy, healthyPhone);
        META.stubFor(post(urlEqualTo("/v21.0/" + healthyPhone + "/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.quick\"}]}")));

        long start = System.nanoTime();
        String slowBroadcast = slow.create(Map.of("name", "slow", "channel", "whatsapp", "channelUserIds", users("91700", 300),
                "message", TEMPLATE)).getString("responseObject.broadcastId");
        TopicPartition slowPartition = new TopicPartition(Topics.BROADCAST_DISPATCH, partitionOf(slowPhone, partitions));
        await().atMost(Duration.ofSeconds(20)).until(() -> consumer.paused().contains(slowPartition));
        assertThat(consumer.paused()).containsExactly(slowPartition);

        assertHealthyBroadcastCompletesSoon(healthy);

        // past the minute after which a messaging channel would have failed on an unacknowledged record
        Duration left = Duration.ofSeconds(65).minusNanos(System.nanoTime() - start);
        await().during(left).atMost(left.plusSeconds(10)).until(() ->
                given().get("/q/health/live").statusCode() == 200 && given().get("/q/health/ready").statusCode() == 200);
        assertHealthyBroadcastCompletesSoon(healthy);
        JsonPath stillSlow = slow.get(slowBroadcast);
        assertThat(stillSlow.getString("responseObject.status")).isEqualTo("RUNNING");
        assertThat(stillSlow.getLong("responseObject.counts.pending")).isGreaterThan(200);

        // B cancels: what waits in its lane is dropped within a second or two, what is in flight ends with its answer
        slow.writer().delete(slow.path() + "/broadcasts/" + slowBroadcast).then().statusCode(200);
        await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
            JsonPath counts = slow.get(slowBroadcast);
            assertThat(counts.getLong("responseObject.counts.pending")).isZero();
            assertThat(counts.getLong("responseObject.counts.sent") + counts.getLong("responseObject.counts.failed")
                    + counts.getLong("responseObject.counts.cancelled")).isEqualTo(300);
        });
        await().atMost(Duration.ofSeconds(10)).until(() -> consumer.paused().isEmpty());
    }

    private static void assertHealthyBroadcastCompletesSoon(BroadcastsApi healthy) {
        long started = System.nanoTime();
        String id = healthy.create(Map.of("name", "healthy", "channel", "whatsapp", "channelUserIds",
                users("91800" + (started % 1000), 5), "message", TEMPLATE)).getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            JsonPath broadcast = healthy.get(id);
            assertThat(broadcast.getString("responseObject.status")).isEqualTo("COMPLETED");
            assertThat(broadcast.getLong("responseObject.counts.sent")).isEqualTo(5);
        });
    }

    private static List<String> users(String prefix, int count) {
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            users.add(prefix + String.format("%05d", i));
        }
        return users;
    }

    private static void configure(BroadcastsApi api, String phone) {
        api.writer().body(Map.of("phoneNumberId", phone, "accessToken", "tok-" + phone, "appSecret", "app-secret1",
                        "verifyToken", "verify-me-123", "apiBaseUrl", META.baseUrl(), "apiVersion", "v21.0",
                        "messagesPerSecond", 80))
                .put(api.path() + "/channels/whatsapp").then().statusCode(200);
    }

    /** A new phone number id whose sending account is keyed to a partition other than {@code other}. */
    private static String phoneOnPartitionOtherThan(int other, int partitions) {
        while (true) {
            String phone = Long.toString(PHONE_NUMBER_IDS.incrementAndGet());
            if (partitionOf(phone, partitions) != other) {
                return phone;
            }
        }
    }

    /** Kafka's default partitioner for the record key (SendingAccounts: {@code whatsapp:<phone number id>}). */
    private static int partitionOf(String phone, int partitions) {
        return Utils.toPositive(Utils.murmur2(("whatsapp:" + phone).getBytes(StandardCharsets.UTF_8))) % partitions;
    }

    private static int dispatchPartitions() {
        TestKafka.send(Topics.BROADCAST_DISPATCH, "probe", "{}");
        try (KafkaConsumer<String, String> probe = TestKafka.consumer(Topics.BROADCAST_DISPATCH)) {
            return probe.partitionsFor(Topics.BROADCAST_DISPATCH).size();
        }
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
