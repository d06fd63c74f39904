package io.floatchat.broadcast.service;

import io.floatchat.broadcast.Broadcast;
import io.floatchat.broadcast.RecipientStatus;

import java.util.EnumMap;
import java.util.Map;

/** A broadcast as the API shows it, with its recipients counted by status. */
public record BroadcastView(String broadcastId, String name, String channel, String status, long scheduledAt,
                            Long startedAt, Long completedAt, Counts counts) {

    static BroadcastView of(Broadcast broadcast, Map<String, Long> byStatus) {
        return new BroadcastView(broadcast.id(), broadcast.name(), broadcast.channel(), broadcast.status().name(),
                broadcast.scheduledAt(), broadcast.startedAt(), broadcast.completedAt(), Counts.of(broadcast.total(), byStatus));
    }

    public record Counts(long total, long pending, long sent, long delivered, long read, long failed, long skipped,
                         long cancelled) {

        /** From the stored statuses' counts, each counted as it is shown. */
        static Counts of(int total, Map<String, Long> byStatus) {
            Map<RecipientStatus, Long> shown = new EnumMap<>(RecipientStatus.class);
            byStatus.forEach((status, count) -> shown.merge(RecipientStatus.valueOf(status).shown(), count, Long::sum));
            return new Counts(total, shown.getOrDefault(RecipientStatus.PENDING, 0L), shown.getOrDefault(RecipientStatus.SENT, 0L),
                    shown.getOrDefault(RecipientStatus.DELIVERED, 0L), shown.getOrDefault(RecipientStatus.READ, 0L),
                    shown.getOrDefault(RecipientStatus.FAILED, 0L), shown.getOrDefault(RecipientStatus.SKIPPED_OUTSIDE_WINDOW, 0L),
                    shown.getOrDefault(RecipientStatus.CANCELLED, 0L));
        }
    }
}
