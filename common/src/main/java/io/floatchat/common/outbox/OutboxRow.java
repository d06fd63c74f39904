package io.floatchat.common.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.mutiny.sqlclient.Row;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * A row of the outbox as the relay reads it: its records, or — for a packed row that cannot be read —
 * the text it holds ({@code unreadable}), which only the dead-letter table can take.
 */
record OutboxRow(long id, OffsetDateTime writtenAt, String traceparent, boolean packed, List<OutboxRecord> records,
                 String unreadable, String unreadableReason) {

    /** The columns {@link #of} reads. */
    static final String COLUMNS = "id, created_at, topic, record_key, payload::text AS payload, records, traceparent";

    static OutboxRow of(Row row, ObjectMapper objectMapper) {
        long id = row.getLong("id");
        OffsetDateTime writtenAt = row.getOffsetDateTime("created_at");
        String traceparent = row.getString("traceparent");
        String packed = row.getString("records");
        if (packed == null) {
            return new OutboxRow(id, writtenAt, traceparent, false,
                    List.of(new OutboxRecord(row.getString("topic"), row.getString("record_key"), row.getString("payload"))),
                    null, null);
        }
        try {
            String[][] parts = objectMapper.readValue(packed, String[][].class);
            List<OutboxRecord> records = new ArrayList<>(parts.length);
            for (String[] part : parts) {
                if (part == null || part.length != 3) {
                    return unreadable(id, writtenAt, traceparent, packed, "a packed record is not [topic, key, payload]");
                }
                records.add(new OutboxRecord(part[0], part[1], part[2]));
            }
            return new OutboxRow(id, writtenAt, traceparent, true, records, null, null);
        } catch (JsonProcessingException e) {
            return unreadable(id, writtenAt, traceparent, packed, "packed records are not JSON: " + e.getOriginalMessage());
        }
    }

    private static OutboxRow unreadable(long id, OffsetDateTime writtenAt, String traceparent, String text, String reason) {
        return new OutboxRow(id, writtenAt, traceparent, true, List.of(), text, reason);
    }
}
