package io.floatchat.common.error;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;

@QuarkusTest
class ErrorResponseMapperTest {

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
    void wrongMethodIsNotFoundInTheEnvelope() {
        given().when().delete("/probe/conflict")
                .then().statusCode(404)
                .body("status.code", is(404));
    }

    @Test
    void clientRequestIdThatIsNotASaneTokenIsReplaced() {
        given().header("X-Request-Id", "bad id\twith spaces")
                .when().get("/probe/conflict")
                .then().header("X-Request-Id", allOf(not(containsString(" ")), notNullValue()));
    }
}
