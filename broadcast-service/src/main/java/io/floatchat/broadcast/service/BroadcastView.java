package io.floatchat.broadcast.service;

import io.floatchat.broadcast.Broadcast;

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

        static Counts of(int total, Map<String, Long> byStatus) {
            return new Counts(total,
                    byStatus.getOrDefault("PENDING", 0L) + byStatus.getOrDefault("SENDING", 0L),
                    byStatus.getOrDefault("SENT", 0L), byStatus.getOrDefault("DELIVERED", 0L),
                    byStatus.getOrDefault("READ", 0L), byStatus.getOrDefault("FAILED", 0L),
                    byStatus.getOrDefault("SKIPPED_OUTSIDE_WINDOW", 0L), byStatus.getOrDefault("CANCELLED", 0L));
        }
    }
}
