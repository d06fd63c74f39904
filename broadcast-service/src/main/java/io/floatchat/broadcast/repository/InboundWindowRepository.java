package io.floatchat.broadcast.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;

/** Each user's last inbound message, as this service knows it: what the 24-hour window is checked against. */
@ApplicationScoped
public class InboundWindowRepository {

    private final Pool pool;

    public InboundWindowRepository(Pool pool) {
        this.pool = pool;
    }

    /**
     * Moves each user's last inbound time forward to the given one, in one statement; never backwards.
     * One entry per user: a statement cannot update the same row twice.
     */
    public Uni<Void> moveForward(Collection<LastInbound> lastInbound) {
        if (lastInbound.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        String[] bots = lastInbound.stream().map(LastInbound::botKey).toArray(String[]::new);
        String[] users = lastInbound.stream().map(LastInbound::userId).toArray(String[]::new);
        Long[] times = lastInbound.stream().map(LastInbound::at).toArray(Long[]::new);
        return pool.preparedQuery("INSERT INTO inbound_window (bot_key, user_id, last_inbound_at) "
                        + "SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]) "
                        + "ON CONFLICT (bot_key, user_id) DO UPDATE SET "
                        + "last_inbound_at = GREATEST(inbound_window.last_inbound_at, EXCLUDED.last_inbound_at)")
                .execute(Tuple.of(bots, users, times))
                .replaceWithVoid();
    }

    /** A user's inbound message time (and the customer the message names, checked before it is stored). */
    public record LastInbound(long customerId, String botKey, String userId, long at) {

        public LastInbound later(LastInbound other) {
            return other.at > at ? other : this;
        }
    }
}
