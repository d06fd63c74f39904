package io.floatchat.broadcast.repository;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Delivery statuses from WhatsApp: a recipient only ever moves forward, and only a recipient of a
 * broadcast of the bot whose webhook it was (a provider message id is the provider's, not proof of
 * whose message it is).
 */
@ApplicationScoped
public class StatusRepository {

    /** The states a status may move a recipient from. */
    private static final String FORWARD = "CASE $2 WHEN 'DELIVERED' THEN r.status IN ('SENDING', 'SENT') "
            + "WHEN 'READ' THEN r.status IN ('SENDING', 'SENT', 'DELIVERED') "
            + "WHEN 'FAILED' THEN r.status IN ('SENDING', 'SENT') "
            + "WHEN 'SENT' THEN r.status = 'SENDING' ELSE false END";

    /** Moves the bot's recipient of a provider message to the status, if that is forward; null when it is not. */
    public Uni<Moved> advance(SqlClient transaction, long customerId, String botKey, String providerMessageId, String state,
                              String errorCode, String errorMessage, long now) {
        String status = state.toUpperCase();
        return transaction.preparedQuery("UPDATE recipient r SET status = $2, updated_at = $5, "
                        + "error_code = COALESCE($3, r.error_code), error_message = COALESCE($4, r.error_message) "
                        + "FROM broadcast b WHERE r.provider_message_id = $1 AND b.id = r.broadcast_id "
                        + "AND b.customer_id = $6 AND b.bot_key = $7 AND " + FORWARD
                        + " RETURNING r.user_id, b.id, b.customer_id, b.bot_key")
                .execute(Tuple.tuple().addString(providerMessageId).addString(status).addString(errorCode)
                        .addString(errorMessage).addLong(now).addLong(customerId).addString(botKey))
                .map(rows -> rows.size() == 0 ? null : new Moved(rows.iterator().next().getString("user_id"),
                        rows.iterator().next().getString("id"), rows.iterator().next().getLong("customer_id"),
                        rows.iterator().next().getString("bot_key")));
    }

    public record Moved(String userId, String broadcastId, long customerId, String botKey) {
    }
}
