package io.floatchat.broadcast.repository;

import io.floatchat.broadcast.service.SendingAccounts;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The bots' WhatsApp Cloud API accounts. */
@ApplicationScoped
public class ChannelAccountRepository {

    private final Pool pool;

    public ChannelAccountRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<Boolean> hasWhatsApp(long customerId, String botKey) {
        return pool.preparedQuery("SELECT 1 FROM channel_account WHERE customer_id = $1 AND bot_key = $2 AND channel = 'whatsapp'")
                .execute(Tuple.of(customerId, botKey)).map(rows -> rows.size() > 0);
    }

    /** The bot's WhatsApp sending account, or null when none is configured. */
    public Uni<String> sendingAccount(SqlClient client, String botKey) {
        return client.preparedQuery("SELECT phone_number_id FROM channel_account WHERE bot_key = $1 AND channel = 'whatsapp'")
                .execute(Tuple.of(botKey))
                .map(rows -> rows.size() == 0 ? null
                        : SendingAccounts.whatsapp(rows.iterator().next().getString("phone_number_id")));
    }
}
