package io.floatchat.broadcast.repository;

import io.floatchat.broadcast.WhatsAppAccount;
import io.floatchat.broadcast.service.ChannelSecrets;
import io.floatchat.broadcast.service.SendingAccounts;
import io.vertx.mutiny.sqlclient.Row;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

/** The bots' WhatsApp Cloud API accounts. */
@ApplicationScoped
public class ChannelAccountRepository {

    private static final String COLUMNS = "bot_key, customer_id, phone_number_id, access_token, app_secret, verify_token, "
            + "api_base_url, api_version, messages_per_second";

    private final Pool pool;
    private final ChannelSecrets secrets;

    public ChannelAccountRepository(Pool pool, ChannelSecrets secrets) {
        this.pool = pool;
        this.secrets = secrets;
    }

    public Uni<Void> save(WhatsAppAccount account, long now) {
        return pool.preparedQuery("INSERT INTO channel_account (bot_key, customer_id, channel, phone_number_id, access_token, "
                        + "app_secret, verify_token, api_base_url, api_version, messages_per_second, updated_at) "
                        + "VALUES ($1, $2, 'whatsapp', $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (bot_key) DO UPDATE SET "
                        + "phone_number_id = EXCLUDED.phone_number_id, access_token = EXCLUDED.access_token, "
                        + "app_secret = EXCLUDED.app_secret, verify_token = EXCLUDED.verify_token, "
                        + "api_base_url = EXCLUDED.api_base_url, api_version = EXCLUDED.api_version, "
                        + "messages_per_second = EXCLUDED.messages_per_second, updated_at = EXCLUDED.updated_at "
                        + "WHERE channel_account.customer_id = EXCLUDED.customer_id")
                .execute(Tuple.tuple().addString(account.botKey()).addLong(account.customerId())
                        .addString(account.phoneNumberId()).addValue(bytea(secrets.encrypt(account.accessToken())))
                        .addValue(bytea(secrets.encrypt(account.appSecret())))
                        .addValue(bytea(secrets.encrypt(account.verifyToken()))).addString(account.apiBaseUrl())
                        .addString(account.apiVersion()).addInteger(account.messagesPerSecond()).addLong(now))
                .replaceWithVoid();
    }

    public Uni<WhatsAppAccount> findByBot(long customerId, String botKey) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM channel_account WHERE customer_id = $1 AND bot_key = $2")
                .execute(Tuple.of(customerId, botKey))
                .map(rows -> rows.size() == 0 ? null : toAccount(rows.iterator().next()));
    }

    /** For webhooks, which name only the bot. */
    public Uni<WhatsAppAccount> findByBot(String botKey) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM channel_account WHERE bot_key = $1")
                .execute(Tuple.of(botKey))
                .map(rows -> rows.size() == 0 ? null : toAccount(rows.iterator().next()));
    }

    public Uni<WhatsAppAccount> findByPhoneNumberId(String phoneNumberId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM channel_account WHERE phone_number_id = $1 "
                        + "ORDER BY updated_at DESC LIMIT 1")
                .execute(Tuple.of(phoneNumberId))
                .map(rows -> rows.size() == 0 ? null : toAccount(rows.iterator().next()));
    }

    private WhatsAppAccount toAccount(Row row) {
        return new WhatsAppAccount(row.getString("bot_key"), row.getLong("customer_id"), row.getString("phone_number_id"),
                secrets.decrypt(row.getBuffer("access_token").getBytes()), secrets.decrypt(row.getBuffer("app_secret").getBytes()),
                secrets.decrypt(row.getBuffer("verify_token").getBytes()), row.getString("api_base_url"),
                row.getString("api_version"), row.getInteger("messages_per_second"));
    }

    /** The SQL client binds bytea from the core Vert.x buffer. */
    private static io.vertx.core.buffer.Buffer bytea(byte[] bytes) {
        return io.vertx.core.buffer.Buffer.buffer(bytes);
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
