package io.floatchat.trigger.rest;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.floatchat.trigger.SigningSecrets;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/** The bot's webhook signing secret is shown when it is made and when it is rotated — never when a flow is read. */
@QuarkusTest
class SigningSecretTest {

    private static final WireMockServer RECEIVER = start();

    @AfterAll
    static void stop() {
        RECEIVER.stop();
    }

    @Test
    void theSecretIsShownByTheFirstFlowOnlyAndNeverByAGet() {
        FlowsApi api = new FlowsApi();
        String secret = api.api().body(hook(api)).put(api.path() + "/flows/first").then().statusCode(200)
                .extract().jsonPath().getString("responseObject.signingSecret");
        assertThat(secret).startsWith("whsec_").hasSizeGreaterThan(40);

        api.api().body(hook(api)).put(api.path() + "/flows/second").then().statusCode(200)
                .body("responseObject.signingSecret", nullValue());
        api.api().body(hook(api)).put(api.path() + "/flows/first").then().statusCode(200)
                .body("responseObject.signingSecret", nullValue());
        api.api().get(api.path() + "/flows/first").then().statusCode(200).body("responseObject.signingSecret", nullValue());
        String listed = api.api().get(api.path() + "/flows").then().statusCode(200).extract().asString();
        assertThat(listed).doesNotContain(secret).doesNotContain("whsec_");
    }

    @Test
    void aRotationShowsTheNewSecretAndTheOldOneSignsBesideItForADay() {
        FlowsApi api = new FlowsApi();
        RECEIVER.stubFor(post(urlEqualTo("/rotated/" + api.botKey())).willReturn(aResponse().withStatus(204)));
        String first = api.api().body(hook(api)).put(api.path() + "/flows/crm").then().statusCode(200)
                .extract().jsonPath().getString("responseObject.signingSecret");

        long before = System.currentTimeMillis();
        JsonPath rotated = api.api().post(api.path() + "/flows/crm/rotate-secret").then().statusCode(200)
                .extract().jsonPath();
        String second = rotated.getString("responseObject.signingSecret");
        assertThat(second).startsWith("whsec_").isNotEqualTo(first);
        assertThat(rotated.getLong("responseObject.previousSecretValidUntil"))
                .isBetween(before + 86_400_000L - 5_000, System.currentTimeMillis() + 86_400_000L);
        api.api().get(api.path() + "/flows/crm").then().body("responseObject.signingSecret", nullValue());

        JsonPath run = api.finished(api.trigger("crm", Map.of("userId", "919800000901")));
        assertThat(run.getString("responseObject.status")).isEqualTo("SUCCEEDED");
        ServeEvent call = RECEIVER.getAllServeEvents().stream()
                .filter(event -> event.getRequest().getUrl().equals("/rotated/" + api.botKey())).findFirst().orElseThrow();
        String body = call.getRequest().getBodyAsString();
        assertThat(call.getRequest().getHeader(SigningSecrets.HEADER))
                .isEqualTo("sha256=" + SigningSecrets.hmac(body, second) + ", sha256=" + SigningSecrets.hmac(body, first));
    }

    @Test
    void rotatingTheSecretOfAFlowThatDoesNotExistIs404() {
        FlowsApi api = new FlowsApi();
        api.api().post(api.path() + "/flows/nothing-here/rotate-secret").then().statusCode(404)
                .body("status.code", is(404));
    }

    @Test
    void aKeyThatMayOnlyReadFlowsCannotRotate() {
        FlowsApi api = new FlowsApi();
        api.put("crm", hook(api));
        io.restassured.RestAssured.given()
                .header("Authorization", io.floatchat.testing.TestJwt.forTenant(FlowsApi.CUSTOMER, api.botKey())
                        .scopes("flows:read").bearer())
                .post(api.path() + "/flows/crm/rotate-secret").then().statusCode(403).body("status.code", is(403));
    }

    private static Map<String, Object> hook(FlowsApi api) {
        return Map.of("trigger", Map.of("type", "api"), "steps", List.of(Map.of("action", "call_webhook",
                "url", RECEIVER.baseUrl() + "/rotated/" + api.botKey())));
    }

    private static WireMockServer start() {
        WireMockServer server = new WireMockServer(options().dynamicPort());
        server.start();
        return server;
    }
}
