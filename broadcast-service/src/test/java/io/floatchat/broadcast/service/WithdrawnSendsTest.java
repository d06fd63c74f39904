package io.floatchat.broadcast.service;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.floatchat.broadcast.rest.BroadcastsApi;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lane starts more sends than its account's rate lets through at once (before its first share,
 * or while its share shrinks): those wait for their slots in the pacer, seconds ahead at a low rate.
 * A cancelled broadcast's started recipients are withdrawn while they wait, not sent when their slot
 * comes.
 */
@QuarkusTest
class WithdrawnSendsTest {

    private static final WireMockServer META = start();
    private static final int RECIPIENTS = 20;

    @AfterAll
    static void stop() {
        META.stop();
    }

    @Test
    void aCancelledBroadcastsRecipientsWaitingForTheirSlotAreWithdrawnNotSentWhenTheSlotComes() {
        BroadcastsApi api = new BroadcastsApi();
        String phone = Long.toString(8_000_000_000L + System.nanoTime() % 1_000_000_000L);
        String messages = "/v21.0/" + phone + "/messages";
        META.stubFor(post(urlEqualTo(messages)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json")
                .withBody("{\"messaging_product\":\"whatsapp\",\"messages\":[{\"id\":\"wamid.slow-rate\"}]}")));
        api.writer().body(Map.of("phoneNumberId", phone, "accessToken", "tok-" + phone, "appSecret", "app-secret1",
                        "verifyToken", "verify-me-123", "apiBaseUrl", META.baseUrl(), "apiVersion", "v21.0",
                        "messagesPerSecond", 1))
                .put(api.path() + "/channels/whatsapp").then().statusCode(200);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < RECIPIENTS; i++) {
            users.add("9190" + String.format("%07d", i));
        }
        Map<String, Object> template = Map.of("type", "template", "template",
                Map.of("name", "order_update", "language", Map.of("code", "en_US")));
        String id = api.create(Map.of("name", "one a second", "channel", "whatsapp", "channelUserIds", users,
                "message", template)).getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(20)).until(() -> sends(messages) >= 2);

        api.writer().delete(api.path() + "/broadcasts/" + id).then().statusCode(200);

        // the lane checks for cancelled broadcasts every second, a waiting send looks every 250 ms
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            JsonPath counts = api.get(id);
            assertThat(counts.getLong("responseObject.counts.pending")).isZero();
            assertThat(counts.getLong("responseObject.counts.sent") + counts.getLong("responseObject.counts.cancelled"))
                    .isEqualTo(RECIPIENTS);
        });
        int sentByThen = sends(messages);
        JsonPath ended = api.get(id);
        assertThat(ended.getLong("responseObject.counts.sent")).as("every send the provider saw is recorded sent")
                .isEqualTo(sentByThen);
        assertThat(ended.getLong("responseObject.counts.cancelled")).as("the recipients still waiting for a slot were withdrawn")
                .isEqualTo(RECIPIENTS - sentByThen);
        assertThat(sentByThen).as("at one a second, a few seconds' sends at most").isLessThan(RECIPIENTS / 2);
        // at one a second, the withdrawn recipients' slots would have come during these seconds
        await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(6)).until(() -> sends(messages) == sentByThen);
    }

    private static int sends(String messages) {
        return META.countRequestsMatching(postRequestedFor(urlEqualTo(messages)).build()).getCount();
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
