package io.floatchat.gateway.observability;

import io.floatchat.gateway.Tenants;
import io.floatchat.testing.RecordedSpans;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With tracing on, the gateway continues the client's trace and hands its own span to the service. */
@QuarkusTest
@TestProfile(RecordedSpans.TracingOn.class)
class GatewayTracingTest {

    @Test
    void theServiceReceivesTheGatewaysSpanAsItsParentInTheClientsTrace() {
        long customerId = Tenants.customer("Traced Co");
        String botKey = Tenants.bot(customerId, "bot");
        String key = Tenants.apiKey(customerId, Map.of("name", "traced"));
        String traceId = "4bf92f3577b34da6a3ce929d0e0e4736";
        String clientSpan = "00f067aa0ba902b7";

        String forwarded = given().header("Authorization", Tenants.basic(key))
                .header("traceparent", "00-" + traceId + "-" + clientSpan + "-01")
                .get("/bot-api/v1.0/customer/" + customerId + "/bot/" + botKey + "/users")
                .then().statusCode(200)
                .extract().jsonPath().getString("headers.traceparent");

        await().atMost(Duration.ofSeconds(10)).until(() -> !RecordedSpans.ofTrace(traceId).isEmpty());
        List<SpanData> spans = RecordedSpans.ofTrace(traceId);
        assertThat(spans).hasSize(1);
        SpanData gateway = spans.get(0);
        assertThat(gateway.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(gateway.getParentSpanId()).isEqualTo(clientSpan);
        assertThat(gateway.getName()).isEqualTo("GET /bot-api/v1.0/customer/{customerId}/bot/{botKey}/users");
        assertThat(forwarded).isEqualTo("00-" + traceId + "-" + gateway.getSpanId() + "-01");
    }
}
