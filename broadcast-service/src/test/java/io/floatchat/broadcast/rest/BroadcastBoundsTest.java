package io.floatchat.broadcast.rest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.broadcast.UsersServiceStub;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.floatchat.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** What a hostile or careless tenant sends: too much, or the same thing twice. */
@QuarkusTest
class BroadcastBoundsTest {

    private static final WireMockServer USERS = UsersServiceStub.server();
    private static final long A_DAY_FROM_NOW = System.currentTimeMillis() + 86_400_000L;

    @Test
    void aMessageOverSixtyFourKilobytesAsJsonIs1001AndStoresNothing() {
        BroadcastsApi api = new BroadcastsApi();
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            rows.add(Map.of("id", "row-" + i, "title", "t", "description", "d".repeat(200_000)));
        }
        Map<String, Object> huge = Map.of("type", "interactive", "interactive", Map.of("type", "list",
                "body", Map.of("text", "Pick"), "action", Map.of("button", "Open", "sections", List.of(Map.of("rows", rows)))));
        api.writer().body(Map.of("name", "huge", "channel", "sandbox", "channelUserIds", List.of("1"), "message", huge))
                .post(api.path() + "/broadcasts").then().statusCode(400)
                .body("status.code", is(1001)).body("status.desc", is("INVALID_REQUEST"))
                .body("status.details", containsString("at most 65536"));
        api.writer().get(api.path() + "/broadcasts").then().body("responseObject.totalCount", is(0));
    }

    @Test
    void aPersonalisedRetryWithTheSameKeyGetsTheFirstAnswerAfterTheBroadcastWasSent() {
        BroadcastsApi api = new BroadcastsApi();
        stubUsers(api, Map.of("919800000001", "Asha", "919800000002", "Ravi"));
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = Map.of("name", "hello", "channel", "sandbox",
                "audience", Map.of("attribute_name", "plan", "attribute_value", "gold"),
                "message", Map.of("type", "text", "text", "Hi {{user.name}}, your {{user.city}} store is open"));
        JsonPath first = api.writer().header("Idempotency-Key", key).body(body).post(api.path() + "/broadcasts")
                .then().statusCode(202).extract().jsonPath();
        String id = first.getString("responseObject.broadcastId");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get(id).getString("responseObject.status")).isEqualTo("COMPLETED"));
        // the audience changes once the first is sent: the retry must not care
        stubUsers(api, Map.of("919800000003", "Meera"));

        api.writer().header("Idempotency-Key", key).body(body).post(api.path() + "/broadcasts")
                .then().statusCode(202)
                .body("responseObject.broadcastId", is(id))
                .body("responseObject.recipientCount", is(2));
        api.writer().get(api.path() + "/broadcasts").then().body("responseObject.totalCount", is(1));

        // users-service was asked only for what the placeholders read
        List<ServeEvent> asked = USERS.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().contains("/bot/" + api.botKey() + "/users")).toList();
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0).getRequest().queryParameter("attributes").firstValue()).isEqualTo("name,city");
    }

    @Test
    void anAudienceWithoutPlaceholdersKeepsNoProfileOfAnyone() throws Exception {
        BroadcastsApi api = new BroadcastsApi();
        stubUsers(api, Map.of("919800000011", "Asha"));
        String id = api.create(Map.of("name", "plain", "channel", "sandbox",
                        "audience", Map.of("attribute_name", "plan", "attribute_value", "gold"),
                        "message", Map.of("type", "text", "text", "Sale today")))
                .getString("responseObject.broadcastId");
        try (Connection connection = EmbeddedPostgresServer.connect(); PreparedStatement select = connection.prepareStatement(
                "SELECT count(*) FILTER (WHERE parameters IS NOT NULL), count(*) FROM broadcast.recipient WHERE broadcast_id = ?")) {
            select.setString(1, id);
            try (ResultSet rows = select.executeQuery()) {
                rows.next();
                assertThat(rows.getLong(2)).isEqualTo(1);
                assertThat(rows.getLong(1)).isZero();
            }
        }
        ServeEvent asked = USERS.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().contains("/bot/" + api.botKey() + "/users")).findFirst().orElseThrow();
        assertThat(asked.getRequest().queryParameter("attributes").firstValue()).isEmpty();
    }

    @Test
    void aKeyAPlatformConsumerUsesCannotBeTakenByAClient() {
        BroadcastsApi api = new BroadcastsApi();
        api.writer().header("Idempotency-Key", "request:flow-run-1").body(Map.of("name", "n", "channel", "sandbox",
                        "channelUserIds", List.of("1"), "message", Map.of("type", "text", "text", "hi")))
                .post(api.path() + "/broadcasts").then().statusCode(400).body("status.code", is(1001));
        api.writer().header("Idempotency-Key", "k".repeat(256)).body(Map.of("name", "n", "channel", "sandbox",
                        "channelUserIds", List.of("1"), "message", Map.of("type", "text", "text", "hi")))
                .post(api.path() + "/broadcasts").then().statusCode(400).body("status.code", is(1001));
    }

    @Test
    void aCsvOfOneGoodRowAndThreeHundredThousandBadLinesListsTheFirstThousandAndCountsThemAll() {
        BroadcastsApi api = new BroadcastsApi();
        withChannel(api);
        StringBuilder csv = new StringBuilder("user.phone_number,user.attribute_0\n+919876543210,Asha\n");
        for (int i = 0; i < 300_000; i++) {
            csv.append("x\n");
        }
        JsonPath accepted = upload(api, csv.toString(), null).then().statusCode(200).extract().jsonPath();
        assertThat(accepted.getInt("responseObject.recipientCount")).isEqualTo(1);
        assertThat(accepted.getInt("responseObject.rejectedRowCount")).isEqualTo(300_000);
        assertThat(accepted.getList("responseObject.rejectedRows")).hasSize(1_000);
        assertThat(accepted.getInt("responseObject.rejectedRows[0].row")).isEqualTo(3);
        assertThat(accepted.prettify().length()).isLessThan(200_000);
    }

    @Test
    void anExternalBroadcastRetryWithTheSameKeyAndFileGetsTheFirstAnswerAndAnotherFileIs409() {
        BroadcastsApi api = new BroadcastsApi();
        withChannel(api);
        String key = UUID.randomUUID().toString();
        String csv = "user.phone_number,user.attribute_0\n+919876543210,Asha\n+919800000001,Ravi\nbad\n";
        JsonPath first = upload(api, csv, key).then().statusCode(200).extract().jsonPath();
        upload(api, csv, key).then().statusCode(200)
                .body("responseObject.broadcastId", is(first.getString("responseObject.broadcastId")))
                .body("responseObject.recipientCount", is(2))
                .body("responseObject.rejectedRowCount", is(1))
                .body("responseObject.rejectedRows[0].row", is(4));
        upload(api, csv + "+919800000002,Meera\n", key).then().statusCode(409).body("status.code", is(1006));
        api.writer().get(api.path() + "/broadcasts").then().body("responseObject.totalCount", is(1));
    }

    private static void withChannel(BroadcastsApi api) {
        api.writer().body(Map.of("phoneNumberId", Long.toString(8_000_000_000L + System.nanoTime() % 1_000_000_000L),
                        "accessToken", "token-123456789", "appSecret", "secret-1234", "verifyToken", "verify-1234",
                        "apiBaseUrl", USERS.baseUrl()))
                .put(api.path() + "/channels/whatsapp").then().statusCode(200);
    }

    private static io.restassured.response.Response upload(BroadcastsApi api, String csv, String idempotencyKey) {
        var request = given()
                .header("Authorization", TestJwt.forTenant(BroadcastsApi.CUSTOMER, api.botKey()).scopes("broadcasts:write").bearer())
                .multiPart("target_audience", "audience.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("template_payload", "{\"name\":\"delivery_update\",\"language\":{\"code\":\"en\"}}")
                .queryParam("broadcast_id", "wave")
                // scheduled far ahead: nothing is sent to the stand-in
                .queryParam("scheduled_at", Long.toString(A_DAY_FROM_NOW));
        if (idempotencyKey != null) {
            request = request.header("Idempotency-Key", idempotencyKey);
        }
        return request.post("/whatsapp-api/v1.0/customer/" + BroadcastsApi.CUSTOMER + "/bot/" + api.botKey()
                + "/external/broadcast");
    }

    /** users-service answers this bot's attribute search with these users (id to name), with attributes of all kinds. */
    private static void stubUsers(BroadcastsApi api, Map<String, String> users) {
        StringBuilder found = new StringBuilder();
        users.forEach((id, name) -> found.append(found.isEmpty() ? "" : ",").append("{\"userId\":\"").append(id)
                .append("\",\"channel\":\"whatsapp\",\"name\":\"").append(name).append("\",\"attributes\":{\"city\":\"Pune\"}}"));
        USERS.stubFor(get(urlPathEqualTo("/bot-api/v1.0/customer/" + BroadcastsApi.CUSTOMER + "/bot/" + api.botKey() + "/users"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                        .withBody("{\"status\":{\"code\":1000,\"desc\":\"SUCCESS\"},\"responseObject\":{\"users\":[" + found
                                + "],\"pageNumber\":1,\"pageSize\":1000,\"totalCount\":" + users.size() + "}}")));
    }
}
