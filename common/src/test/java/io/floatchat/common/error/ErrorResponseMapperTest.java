package io.floatchat.common.error;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ErrorResponseMapperTest {

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void malformedJsonIsInvalidRequest() {
        given().contentType("application/json").body("{\"name\": ")
                .when().post("/probe")
                .then().statusCode(400)
                .body("status.code", is(1001))
                .body("status.desc", is("INVALID_REQUEST"))
                .body("status.details", is("The request body is not valid JSON."))
                .body("requestId", notNullValue());
    }

    @Test
    void envelopesKeepTheDocumentedFieldOrder() {
        String success = given().contentType("application/json").body("{\"name\":\"Asha\",\"channel\":\"sandbox\"}")
                .when().post("/probe/envelope").then().statusCode(200).extract().asString();
        assertThat(success)
                .isEqualTo("{\"status\":{\"code\":1000,\"desc\":\"SUCCESS\"},\"responseObject\":\"Asha\"}");
        String error = given().header("X-Request-Id", "order-1").when().get("/probe/conflict").then().extract().asString();
        assertThat(error).isEqualTo("{\"status\":{\"code\":1006,\"desc\":\"CONFLICT\","
                + "\"details\":\"This broadcast has already finished.\"},\"requestId\":\"order-1\"}");
    }

    @Test
    void unknownEnumValueListsTheAcceptedValues() {
        given().contentType("application/json").body("{\"name\":\"a\",\"channel\":\"telegram\"}")
                .when().post("/probe")
                .then().statusCode(400)
                .body("status.code", is(1001))
                .body("status.details", containsString("'telegram' is not one of: whatsapp, sandbox."));
    }

    @Test
    void beanValidationFailureNamesTheField() {
        given().contentType("application/json").body("{\"name\":\" \",\"channel\":\"whatsapp\"}")
                .when().post("/probe")
                .then().statusCode(400)
                .body("status.code", is(1001))
                .body("status.details", containsString("name:"));
    }

    @Test
    void invalidQueryParameterIsInvalidRequest() {
        given().queryParam("size", 5000)
                .when().get("/probe/limited")
                .then().statusCode(400)
                .body("status.code", is(1001))
                .body("status.details", containsString("size:"));
    }

    @Test
    void apiExceptionKeepsItsCodeAndSentence() {
        given().header("X-Request-Id", "req-7")
                .when().get("/probe/conflict")
                .then().statusCode(409)
                .header("X-Request-Id", "req-7")
                .body("status.code", is(1006))
                .body("status.desc", is("CONFLICT"))
                .body("status.details", is("This broadcast has already finished."))
                .body("requestId", is("req-7"));
    }

    @Test
    void unhandledErrorLeaksNoInternals() {
        given().when().get("/probe/boom")
                .then().statusCode(500)
                .body("status.code", is(2000))
                .body("status.desc", is("FAILURE"))
                .body("status.details", is("The request could not be completed."))
                .body(allOf(not(containsString("secret_table")), not(containsString("SELECT")),
                        not(containsString("IllegalStateException")), not(containsString("at io."))));
    }

    @Test
    void bodyOverTheLimitIsPayloadTooLarge() {
        given().contentType("application/json").body("{\"name\":\"" + "x".repeat(4096) + "\",\"channel\":\"sandbox\"}")
                .when().post("/probe")
                .then().statusCode(413)
                .body("status.code", is(413))
                .body("status.desc", is("PAYLOAD_TOO_LARGE"));
    }

    @Test
    void aChunkedBodyOverTheLimitIsPayloadTooLargeInTheEnvelope() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/probe")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(new byte[64 * 1024]))));
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(JsonPath.from(response.body()).getInt("status.code")).isEqualTo(413);
        assertThat(JsonPath.from(response.body()).getString("requestId")).isNotBlank();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsRead() throws Exception {
        byte[] json = "{\"name\":\"Asha\",\"channel\":\"sandbox\"}".getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/probe")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json))));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo("Asha");
    }

    @Test
    void aPathWithAnEncodedSlashOrDotsIs400InTheEnvelope() throws Exception {
        for (String path : new String[] {"/probe/%2e%2e/conflict", "/probe%2fconflict", "/probe//conflict", "/probe/%00"}) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path)).GET());
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(JsonPath.from(response.body()).getInt("status.code")).isEqualTo(1001);
        }
    }

    @Test
    void aLongRequestLineIs414AndLargeHeadersAre431InTheEnvelope() throws Exception {
        HttpResponse<String> line = send(HttpRequest.newBuilder(uri("/probe/limited?size=1&pad=" + "p".repeat(5_000))).GET());
        assertThat(line.statusCode()).isEqualTo(414);
        assertThat(JsonPath.from(line.body()).getString("status.desc")).isEqualTo("URI_TOO_LONG");
        HttpResponse<String> headers = send(HttpRequest.newBuilder(uri("/probe/conflict")).header("X-Pad", "p".repeat(17_000)).GET());
        assertThat(headers.statusCode()).isEqualTo(431);
        assertThat(JsonPath.from(headers.body()).getString("status.desc")).isEqualTo("HEADERS_TOO_LARGE");
    }

    private static URI uri(String rawPath) {
        return URI.create("http://localhost:" + RestAssured.port + rawPath);
    }

    /** java.net.http: a body of unknown length goes out chunked, and the path is sent as written. */
    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aWrongMethodIs405InTheEnvelope() {
        given().when().delete("/probe/conflict")
                .then().statusCode(405)
                .body("status.code", is(405))
                .body("status.desc", is("METHOD_NOT_ALLOWED"))
                .body("requestId", notNullValue());
    }

    @Test
    void clientRequestIdThatIsNotASaneTokenIsReplaced() {
        given().header("X-Request-Id", "bad id\twith spaces")
                .when().get("/probe/conflict")
                .then().header("X-Request-Id", allOf(not(containsString(" ")), notNullValue()));
    }
}
