package io.floatchat.broadcast.rest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.testing.TestJwt;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;

/** FloatChat's External Broadcast API: CSV audience + template, the original codes, row-level rejections. */
@QuarkusTest
class ExternalBroadcastTest {

    private static final WireMockServer META = start();
    private static final String TEMPLATE = "{\"name\":\"delivery_update\",\"language\":{\"code\":\"en\"},"
            + "\"components\":[{\"type\":\"body\",\"parameters\":[]}]}";

    @AfterAll
    static void stop() {
        META.stop();
    }

    @Test
    void csvColumnsFillTheTemplatesParametersAndBadRowsAreReported() {
        BroadcastsApi api = new BroadcastsApi();
        String phone = Long.toString(System.nanoTime() % 1_000_000_000L);
        api.writer().body(Map.of("phoneNumberId", phone, "accessToken", "token-123456789", "appSecret", "secret-1234",
                "verifyToken", "verify-1234", "apiBaseUrl", META.baseUrl())).put(api.path() + "/channels/whatsapp")
                .then().statusCode(200);
        META.stubFor(post(urlEqualTo("/v21.0/" + phone + "/messages")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody("{\"messaging_product\":\"whatsapp\","
                        + "\"messages\":[{\"id\":\"wamid.{{randomValue length=20 type='ALPHANUMERIC'}}\"}]}")));

        String csv = "user.phone_number,user.attribute_0,user.attribute_1\n"
                + "+919876543210,Asha,AWB-1001\n"
                + "+919800000001,Ravi,AWB-1002\n"
                + "not-a-number,Bad,AWB-0\n";
        JsonPath accepted = upload(api, csv, TEMPLATE).then().statusCode(200)
                .body("status.code", is(1000)).body("status.desc", is("SUCCESS"))
                .extract().jsonPath();
        assertThat(accepted.getInt("responseObject.recipientCount")).isEqualTo(2);
        assertThat(accepted.getList("responseObject.rejectedRows.row")).containsExactly(4);
        String id = accepted.getString("responseObject.broadcastId");

        await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                assertThat(api.get(id).getInt("responseObject.counts.sent")).isEqualTo(2));
        List<ServeEvent> calls = META.getAllServeEvents().stream()
                .filter(call -> call.getRequest().getUrl().equals("/v21.0/" + phone + "/messages")).toList();
        assertThat(calls).hasSize(2);
        JsonPath asha = calls.stream().map(call -> JsonPath.from(call.getRequest().getBodyAsString()))
                .filter(body -> body.getString("to").equals("919876543210")).findFirst().orElseThrow();
        assertThat(asha.getString("template.name")).isEqualTo("delivery_update");
        assertThat(asha.getList("template.components.find { it.type == 'body' }.parameters.text"))
                .containsExactly("Asha", "AWB-1001");
    }

    @Test
    void theOriginalCodes() {
        BroadcastsApi api = new BroadcastsApi();
        upload(api, "user.phone_number\n+919876543210\n", TEMPLATE).then().statusCode(400)
                .body("status.code", is(2004)).body("status.desc", is("API_KEY_NOT_FOUND"));
        api.writer().body(Map.of("phoneNumberId", "4242", "accessToken", "token-123456789", "appSecret", "secret-1234",
                "verifyToken", "verify-1234")).put(api.path() + "/channels/whatsapp").then().statusCode(200);
        upload(api, "phone,name\n+919876543210,A\n", TEMPLATE).then().statusCode(400)
                .body("status.code", is(2005)).body("status.desc", is("INVALID_FILE_FORMAT"));
        upload(api, "user.phone_number\n+919876543210\n", "{not json").then().statusCode(400).body("status.code", is(2005));
        upload(api, "user.phone_number\nnot-a-phone\n", TEMPLATE).then().statusCode(400).body("status.code", is(2005));
        upload(api, "user.phone_number\n+919876543210\n", "{\"language\":{\"code\":\"en\"}}").then().statusCode(400)
                .body("status.code", is(2005)).body("status.details", containsString("template.name"));
        upload(api, "user.phone_number\n+919876543210\n", TEMPLATE, "n".repeat(201)).then().statusCode(400)
                .body("status.code", is(1001)).body("status.details", containsString("broadcast_id"));
        String huge = "user.phone_number,user.attribute_0\n" + ("+919876543210," + "x".repeat(1000) + "\n").repeat(10_500);
        upload(api, huge, TEMPLATE).then().statusCode(400)
                .body("status.code", is(2006)).body("status.desc", is("FILE_UPLOAD_FAILED"));
    }

    private static io.restassured.response.Response upload(BroadcastsApi api, String csv, String template) {
        return upload(api, csv, template, "delivery-wave");
    }

    private static io.restassured.response.Response upload(BroadcastsApi api, String csv, String template, String name) {
        RequestSpecification request = given()
                .header("Authorization", TestJwt.forTenant(BroadcastsApi.CUSTOMER, api.botKey()).scopes("broadcasts:write").bearer())
                .multiPart("target_audience", "audience.csv", csv.getBytes(StandardCharsets.UTF_8), "text/csv")
                .multiPart("template_payload", template);
        return request.queryParam("broadcast_id", name)
                .post("/whatsapp-api/v1.0/customer/" + BroadcastsApi.CUSTOMER + "/bot/" + api.botKey() + "/external/broadcast");
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort().globalTemplating(true));
        server.start();
        return server;
    }
}
