package io.floatchat.conversations.messaging;

import io.floatchat.common.events.Topics;
import io.floatchat.conversations.rest.ConversationsApi;
import io.floatchat.testing.RecordedSpans;
import io.floatchat.testing.TestKafka;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * With tracing on, one trace runs from the caller (the gateway's traceparent) through this service's
 * request, the outbox and Kafka, to the consumer of the event: the record carries the context in
 * its headers although the relay published it after the request had ended.
 */
@QuarkusTest
@TestProfile(RecordedSpans.TracingOn.class)
class TraceAcrossKafkaTest {

    @Test
    void theCallersTraceContinuesThroughTheOutboxToTheConsumer() {
        String traceId = randomHex(16);
        String callerSpan = randomHex(8);
        ConversationsApi api = new ConversationsApi();
        AtomicReference<String> recordTraceparent = new AtomicReference<>();
        try (KafkaConsumer<String, String> consumer = TestKafka.consumer(Topics.MESSAGES)) {
            api.as("conversations:write").header("traceparent", "00-" + traceId + "-" + callerSpan + "-01")
                    .body(Map.of("messageId", "traced", "direction", "INBOUND", "type", "text", "text", "hi"))
                    .post(api.user("u-traced") + "/messages")
                    .then().statusCode(201);
            await().atMost(Duration.ofSeconds(15)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    Header header = record.headers().lastHeader("traceparent");
                    if (record.key().equals(api.botKey() + "/u-traced") && header != null) {
                        recordTraceparent.set(new String(header.value(), StandardCharsets.UTF_8));
                    }
                }
                return recordTraceparent.get() != null;
            });
        }
        assertThat(recordTraceparent.get()).startsWith("00-" + traceId + "-").doesNotContain(callerSpan);

        await().atMost(Duration.ofSeconds(15)).until(() -> RecordedSpans.ofTrace(traceId).stream()
                .anyMatch(span -> span.getKind() == SpanKind.CONSUMER));
        List<SpanData> trace = RecordedSpans.ofTrace(traceId);
        SpanData server = only(trace, SpanKind.SERVER);
        SpanData producer = only(trace, SpanKind.PRODUCER);
        assertThat(server.getParentSpanId()).isEqualTo(callerSpan);
        assertThat(server.getName()).isEqualTo("POST /bot-api/v1.0/customer/{customerId}/bot/{botKey}/channel-user/{userId}/messages");
        assertThat(server.getAttributes().asMap().toString()).contains("http.response.status_code=201");
        assertThat(producer.getParentSpanId()).isEqualTo(server.getSpanId());
        assertThat(recordTraceparent.get()).contains(producer.getSpanId());
        assertThat(trace).filteredOn(span -> span.getKind() == SpanKind.CONSUMER)
                .allSatisfy(span -> assertThat(span.getParentSpanId()).isEqualTo(producer.getSpanId()));
    }

    private static SpanData only(List<SpanData> trace, SpanKind kind) {
        List<SpanData> spans = trace.stream().filter(span -> span.getKind() == kind).toList();
        assertThat(spans).as("%s spans of the trace %s", kind, trace).hasSize(1);
        return spans.get(0);
    }

    private static String randomHex(int bytes) {
        byte[] random = new byte[bytes];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
