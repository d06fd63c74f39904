package io.floatchat.common.outbox;

import io.floatchat.common.events.Topics;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.concurrent.CompletionException;

import static org.assertj.core.api.Assertions.assertThat;

class RowSettlementTest {

    private static final OutboxRecord FIRST = new OutboxRecord(Topics.MESSAGES, "b/u1", "{\"eventId\":\"1\"}");
    private static final OutboxRecord SECOND = new OutboxRecord(Topics.MESSAGES, "b/u2", "{\"eventId\":\"2\"}");
    private static final OutboxRecord THIRD = new OutboxRecord(Topics.BROADCAST_EVENTS, "b", "{\"eventId\":\"3\"}");

    @Test
    void aRowWhoseRecordsWereAllAcknowledgedIsDeleted() {
        RowSettlement settlement = RowSettlement.of(packed(FIRST, SECOND), List.of(Delivery.ACKED, Delivery.ACKED));

        assertThat(settlement.delete()).isTrue();
        assertThat(settlement.deadLetters()).isEmpty();
    }

    @Test
    void aPackedRowWithRecordsThatFailedForNowKeepsOnlyThoseSoTheAcknowledgedAreNeverPublishedAgain() {
        RowSettlement settlement = RowSettlement.of(packed(FIRST, SECOND, THIRD),
                List.of(Delivery.ACKED, Delivery.ofFailure(new TimeoutException("expired")), Delivery.ACKED));

        assertThat(settlement.delete()).isFalse();
        assertThat(settlement.retries()).isTrue();
        assertThat(settlement.remaining()).containsExactly(SECOND);
    }

    @Test
    void aRowWhoseEveryRecordFailedForNowStaysAsItIs() {
        RowSettlement settlement = RowSettlement.of(single(FIRST), List.of(Delivery.ofFailure(new NetworkException("down"))));

        assertThat(settlement.delete()).isFalse();
        assertThat(settlement.remaining()).isNull();
        assertThat(settlement.deadLetters()).isEmpty();
    }

    @Test
    void aRecordKafkaRefusesAsTooLargeBecomesADeadLetterAndTheRestOfItsRowIsDone() {
        RowSettlement settlement = RowSettlement.of(packed(FIRST, SECOND),
                List.of(Delivery.ACKED, Delivery.ofFailure(new CompletionException(new RecordTooLargeException("2 MB")))));

        assertThat(settlement.delete()).isTrue();
        assertThat(settlement.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.outboxId()).isEqualTo(7);
            assertThat(letter.topic()).isEqualTo(Topics.MESSAGES);
            assertThat(letter.key()).isEqualTo("b/u2");
            assertThat(letter.payload()).isEqualTo(SECOND.payload());
            assertThat(letter.bytes()).isEqualTo(SECOND.bytes());
            assertThat(letter.kind()).isEqualTo("too_large");
            assertThat(letter.reason()).contains("too large");
        });
    }

    @Test
    void aTopicThePlatformDoesNotHaveIsRefusedBeforeKafkaIsAsked() {
        assertThat(Delivery.refusedBeforeSending(new OutboxRecord("floatchat.nope.v1", "k", "{}")))
                .extracting(Delivery.Refused::kind).isEqualTo("unknown_topic");
        assertThat(Delivery.refusedBeforeSending(FIRST)).isNull();
        assertThat(Delivery.ofFailure(new InvalidTopicException("bad name"))).isInstanceOf(Delivery.Refused.class);
    }

    @Test
    void aPackedRowThatCannotBeReadIsOneDeadLetterHoldingItsText() {
        OutboxRow damaged = new OutboxRow(9, OffsetDateTime.now(), null, true, List.of(), "[[\"t\", \"k\", ", "not JSON");

        RowSettlement settlement = RowSettlement.of(damaged, List.of());

        assertThat(settlement.delete()).isTrue();
        assertThat(settlement.deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.topic()).isNull();
            assertThat(letter.payload()).isEqualTo("[[\"t\", \"k\", ");
            assertThat(letter.kind()).isEqualTo("unreadable");
        });
    }

    private static OutboxRow packed(OutboxRecord... records) {
        return new OutboxRow(7, OffsetDateTime.now(), null, true, List.of(records), null, null);
    }

    private static OutboxRow single(OutboxRecord record) {
        return new OutboxRow(7, OffsetDateTime.now(), null, false, List.of(record), null, null);
    }
}
