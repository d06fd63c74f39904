package io.floatchat.e2e;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.floatchat.local.DemoTenant;
import io.floatchat.local.LocalPlatform;
import io.floatchat.local.PlatformService;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.is;

/** Broadcasts through the gateway: into the conversation history, and across a restart of broadcast-service. */
class BroadcastE2ETest {

    private static LocalPlatform platform;
    private static DemoTenant demo;
    private static WireMockServer meta;

    @BeforeAll
    static void startPlatform() {
        platform = E2EPlatform.shared();
        demo = platform.demoTenant();
        meta = new WireMockServer(options().dynamicPort().globalTemplating(true));
        meta.start();
    }

    @AfterAll
    static void stopMeta() {
        meta.stop();
    }

    @Test
    void aSandboxBroadcastLandsInTheConversationHistory() {
        String id = api().body(Map.of("name", "welcome", "channel", "sandbox", "channelUserIds", List.of("919800000301"),
                        "message", Map.of("type", "text", "text", "Welcome aboard!")))
                .post(prefix() + "/broadcasts").then().statusCode(202).extract().jsonPath()
                .getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .get(prefix() + "/channel-user/919800000301/conversations")
                .then().statusCode(200)
                .body("responseObject.messages.broadcastId", hasItem(id))
                .body("responseObject.messages[0].direction", is("OUTBOUND"))
                .body("responseObject.messages[0].text", is("Welcome aboard!")));
        api().get(prefix() + "/broadcasts/" + id).then().body("responseObject.status", is("COMPLETED"));
    }

    @Test
    void anAudienceBroadcastIsPersonalisedFromEachUsersAttributes() {
        api().body(Map.of("name", "Meera", "attributes", Map.of("tier", "gold-e2e", "city", "Goa")))
                .patch(prefix() + "/channel-user/919800000311/attributes").then().statusCode(200);
        api().body(Map.of("name", "Kabir", "attributes", Map.of("tier", "gold-e2e", "city", "Agra")))
                .patch(prefix() + "/channel-user/919800000312/attributes").then().statusCode(200);
        api().body(Map.of("name", "Other", "attributes", Map.of("tier", "basic")))
                .patch(prefix() + "/channel-user/919800000313/attributes").then().statusCode(200);

        JsonPath accepted = api().body(Map.of("name", "gold-perks", "channel", "sandbox",
                        "audience", Map.of("attribute_name", "tier", "attribute_value", "gold-e2e"),
                        "message", Map.of("type", "text", "text", "Hi {{user.name}}, gold perks in {{user.city}}!")))
                .post(prefix() + "/broadcasts").then().statusCode(202).extract().jsonPath();
        assertThat(accepted.getInt("responseObject.recipientCount")).isEqualTo(2);

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .get(prefix() + "/channel-user/919800000311/conversations").then().statusCode(200)
                .body("responseObject.messages[0].text", is("Hi Meera, gold perks in Goa!")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .get(prefix() + "/channel-user/919800000312/conversations").then().statusCode(200)
                .body("responseObject.messages[0].text", is("Hi Kabir, gold perks in Agra!")));

        // a listed user is personalised from users-service too; an unknown one gets empty placeholders
        api().body(Map.of("name", "listed", "channel", "sandbox", "channelUserIds", List.of("919800000313", "919800000399"),
                        "message", Map.of("type", "text", "text", "Dear {{user.name}}, welcome")))
                .post(prefix() + "/broadcasts").then().statusCode(202);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .get(prefix() + "/channel-user/919800000313/conversations").then().statusCode(200)
                .body("responseObject.messages[0].text", is("Dear Other, welcome")));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> api()
                .get(prefix() + "/channel-user/919800000399/conversations").then().statusCode(200)
                .body("responseObject.messages[0].text", is("Dear , welcome")));
    }

    @Test
    void aRestartInTheMiddleOfABroadcastDeliversEveryRecipientExactlyOnce() {
        FakeCloudApi.acceptsMessagesFor(meta, "555000111");
        api().body(FakeCloudApi.channel("555000111", meta, 150)).put(prefix() + "/channels/whatsapp").then().statusCode(200);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 2_000; i++) {
            users.add("9170" + String.format("%08d", i));
        }
        String id = api().body(Map.of("name", "restart-proof", "channel", "whatsapp", "channelUserIds", users,
                        "message", Map.of("type", "template", "template", Map.of("name", "sale", "language", Map.of("code", "en")))))
                .post(prefix() + "/broadcasts").then().statusCode(202).extract().jsonPath().getString("responseObject.broadcastId");

        await().atMost(Duration.ofSeconds(60)).until(() -> sent(id) >= 400);
        platform.restart(PlatformService.BROADCAST);
        assertThat(sent(id)).isLessThan(2_000);

        await().atMost(Duration.ofSeconds(120)).untilAsserted(() -> assertThat(broadcast(id).getString("responseObject.status"))
                .isEqualTo("COMPLETED"));
        assertThat(broadcast(id).getInt("responseObject.counts.sent")).isEqualTo(2_000);
        Map<String, Integer> received = FakeCloudApi.sendsByRecipient(meta, "555000111");
        assertThat(received).hasSize(2_000);
        assertThat(received.values()).allMatch(count -> count == 1);
    }

    private static int sent(String id) {
        return broadcast(id).getInt("responseObject.counts.sent");
    }

    private static JsonPath broadcast(String id) {
        return api().get(prefix() + "/broadcasts/" + id).then().statusCode(200).extract().jsonPath();
    }

    private static String prefix() {
        return E2EPlatform.demoPrefix();
    }

    private static RequestSpecification api() {
        return E2EPlatform.asDemo();
    }
}
