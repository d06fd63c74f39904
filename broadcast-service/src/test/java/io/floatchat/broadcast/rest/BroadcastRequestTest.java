package io.floatchat.broadcast.rest;

import io.floatchat.common.events.Topics;
import io.floatchat.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Send requests from flows become broadcasts, once per request id; bad ones are skipped without blocking. */
@QuarkusTest
class BroadcastRequestTest {

    @Test
    void aRequestBecomesOneBroadcastEvenWhenDeliveredTwiceAndOneThatCanNeverBeSentIsSkipped() {
        BroadcastsApi api = new BroadcastsApi();
        String eventId = UUID.randomUUID().toString();
        String request = "{\"eventId\":\"" + eventId + "\",\"customerId\":10001,\"botKey\":\"" + api.botKey()
                + "\",\"channel\":\"sandbox\",\"userIds\":[\"919800000401\",\"919800000402\"],"
                + "\"message\":{\"type\":\"text\",\"text\":\"Thanks for your order\"},\"flowKey\":\"order-followup\","
                + "\"runId\":\"run-1\",\"requestedAt\":1}";
        TestKafka.send(Topics.BROADCAST_REQUESTS, api.botKey(), "{\"eventId\":\"broken\"");
        TestKafka.send(Topics.BROADCAST_REQUESTS, api.botKey(), request.replace("\"channel\":\"sandbox\"", "\"channel\":\"fax\""));
        // this bot has no WhatsApp channel: the request can never be sent, so it is skipped and holds nothing up
        TestKafka.send(Topics.BROADCAST_REQUESTS, api.botKey(), request.replace(eventId, UUID.randomUUID().toString())
                .replace("\"channel\":\"sandbox\"", "\"channel\":\"whatsapp\""));
        TestKafka.send(Topics.BROADCAST_REQUESTS, api.botKey(), request);
        TestKafka.send(Topics.BROADCAST_REQUESTS, api.botKey(), request);

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            JsonPath list = api.writer().get(api.path() + "/broadcasts").then().statusCode(200).extract().jsonPath();
            assertThat(list.getInt("responseObject.totalCount")).isEqualTo(1);
            assertThat(list.getString("responseObject.broadcasts[0].name")).isEqualTo("flow order-followup");
            assertThat(list.getString("responseObject.broadcasts[0].status")).isEqualTo("COMPLETED");
            assertThat(list.getInt("responseObject.broadcasts[0].counts.sent")).isEqualTo(2);
        });
    }
}
