package io.floatchat.common.outbox;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * What a relay round does with one row once Kafka has answered for each of its records: a row whose
 * records were all taken (or refused for good) is deleted; one with records that failed for now keeps
 * only those, so a later round never publishes again what Kafka already acknowledged; refused records
 * become dead letters.
 *
 * @param remaining the records to keep when the row stays and shrinks; null when it stays as it is
 */
record RowSettlement(OutboxRow row, boolean delete, List<OutboxRecord> remaining, List<OutboxDeadLetter> deadLetters) {

    boolean retries() {
        return !delete;
    }

    /** @param deliveries one per record of the row, in its order */
    static RowSettlement of(OutboxRow row, List<Delivery> deliveries) {
        if (row.unreadable() != null) {
            return new RowSettlement(row, true, null, List.of(new OutboxDeadLetter(row.id(), row.writtenAt(), row.traceparent(),
                    null, null, row.unreadable(), row.unreadable().getBytes(StandardCharsets.UTF_8).length, "unreadable",
                    row.unreadableReason())));
        }
        List<OutboxRecord> failed = new ArrayList<>();
        List<OutboxDeadLetter> deadLetters = new ArrayList<>();
        for (int i = 0; i < row.records().size(); i++) {
            OutboxRecord record = row.records().get(i);
            Delivery delivery = deliveries.get(i);
            if (delivery instanceof Delivery.Failed) {
                failed.add(record);
            } else if (delivery instanceof Delivery.Refused refused) {
                deadLetters.add(new OutboxDeadLetter(row.id(), row.writtenAt(), row.traceparent(), record.topic(), record.key(),
                        record.payload() == null ? "" : record.payload(), record.bytes(), refused.kind(), refused.reason()));
            }
        }
        if (failed.isEmpty()) {
            return new RowSettlement(row, true, null, deadLetters);
        }
        boolean unchanged = failed.size() == row.records().size();
        return new RowSettlement(row, false, unchanged ? null : failed, deadLetters);
    }
}
