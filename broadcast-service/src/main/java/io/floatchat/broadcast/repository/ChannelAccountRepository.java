package io.floatchat.broadcast.repository;

import io.floatchat.broadcast.SendingAccounts;
import io.floatchat.broadcast.WhatsAppAccount;
import io.floatchat.broadcast.service.ChannelSecrets;
import io.floatchat.common.error.ApiException;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import io.vertx.pgclient.PgException;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.List;

/**
 * The bots' WhatsApp Cloud API accounts. A phone number id is bound to one bot on the whole
 * platform (a unique index): every lookup is by the bot, and a second bot's claim is 409 / 1006.
 */
@ApplicationScoped
public class ChannelAccountRepository {

    private static final Logger LOG = Logger.getLogger(ChannelAccountRepository.class);
    private static final String COLUMNS = "bot_key, customer_id, phone_number_id, access_token, app_secret, verify_token, "
            + "api_base_url, api_version, messages_per_second, secrets_version";
    private static final String ONE_BOT_PER_NUMBER = "channel_account_one_bot";
    private static final String UNIQUE_VIOLATION = "23505";

    private final Pool pool;
    private final ChannelSecrets secrets;

    public ChannelAccountRepository(Pool pool, ChannelSecrets secrets) {
        this.pool = pool;
        this.secrets = secrets;
    }

    /** Stores the bot's account; a phone number id another bot holds is 409 / 1006, and nothing changes. */
    public Uni<Void> save(WhatsAppAccount account, long now) {
        return pool.preparedQuery("INSERT INTO channel_account AS c (bot_key, customer_id, channel, phone_number_id, access_token, "
                        + "app_secret, verify_token, api_base_url, api_version, messages_per_second, updated_at, bound_at, "
                        + "secrets_version) VALUES ($1, $2, 'whatsapp', $3, $4, $5, $6, $7, $8, $9, $10, $10, $11) "
                        + "ON CONFLICT (bot_key) DO UPDATE SET "
                        + "bound_at = CASE WHEN c.phone_number_id = EXCLUDED.phone_number_id THEN c.bound_at ELSE EXCLUDED.bound_at END, "
                        + "phone_number_id = EXCLUDED.phone_number_id, access_token = EXCLUDED.access_token, "
                        + "app_secret = EXCLUDED.app_secret, verify_token = EXCLUDED.verify_token, "
                        + "api_base_url = EXCLUDED.api_base_url, api_version = EXCLUDED.api_version, "
                        + "messages_per_second = EXCLUDED.messages_per_second, updated_at = EXCLUDED.updated_at, "
                        + "secrets_version = EXCLUDED.secrets_version "
                        + "WHERE c.customer_id = EXCLUDED.customer_id")
                .execute(Tuple.tuple().addString(account.botKey()).addLong(account.customerId())
                        .addString(account.phoneNumberId())
                        .addValue(bytea(secrets.encrypt(account.accessToken(), account.botKey(), "access_token")))
                        .addValue(bytea(secrets.encrypt(account.appSecret(), account.botKey(), "app_secret")))
                        .addValue(bytea(secrets.encrypt(account.verifyToken(), account.botKey(), "verify_token")))
                        .addString(account.apiBaseUrl()).addString(account.apiVersion())
                        .addInteger(account.messagesPerSecond()).addLong(now)
                        .addInteger(ChannelSecrets.SEALED_TO_BOT_AND_FIELD))
                .onFailure(ChannelAccountRepository::isNumberOfAnotherBot)
                .transform(taken -> ApiException.conflict("This phoneNumberId is already bound to another bot: a WhatsApp "
                        + "number belongs to one bot on the platform."))
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

    /** The sending rate of the account with this phone number id (one bot's), or null. */
    public Uni<Integer> messagesPerSecond(String phoneNumberId) {
        return pool.preparedQuery("SELECT messages_per_second FROM channel_account WHERE channel = 'whatsapp' "
                        + "AND phone_number_id = $1")
                .execute(Tuple.of(phoneNumberId))
                .map(rows -> rows.size() == 0 ? null : rows.iterator().next().getInteger(0));
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

    /**
     * Seals every account of the first version again, to its bot and fields; how many. Each row in a
     * statement of its own that changes it only while it is still of the first version.
     */
    public Uni<Integer> sealLegacySecrets() {
        return pool.preparedQuery("SELECT bot_key, access_token, app_secret, verify_token FROM channel_account "
                        + "WHERE secrets_version = $1")
                .execute(Tuple.of(ChannelSecrets.SEALED_WITHOUT_CONTEXT))
                .flatMap(rows -> {
                    List<Uni<Integer>> sealed = new ArrayList<>();
                    for (Row row : rows) {
                        String botKey = row.getString("bot_key");
                        Tuple resealed;
                        try {
                            resealed = Tuple.of(botKey, reseal(row, botKey, "access_token"), reseal(row, botKey, "app_secret"),
                                    reseal(row, botKey, "verify_token"), ChannelSecrets.SEALED_TO_BOT_AND_FIELD,
                                    ChannelSecrets.SEALED_WITHOUT_CONTEXT);
                        } catch (IllegalStateException unreadable) {
                            // one row that does not open (another key, damaged) keeps no other from being sealed
                            LOG.errorf("the WhatsApp account of bot %s cannot be sealed: %s", botKey, unreadable.getMessage());
                            continue;
                        }
                        sealed.add(pool.preparedQuery("UPDATE channel_account SET access_token = $2, app_secret = $3, "
                                        + "verify_token = $4, secrets_version = $5 WHERE bot_key = $1 AND secrets_version = $6")
                                .execute(resealed)
                                .map(updated -> updated.rowCount()));
                    }
                    return sealed.isEmpty() ? Uni.createFrom().item(0)
                            : Uni.join().all(sealed).andFailFast().map(counts -> counts.stream().mapToInt(Integer::intValue).sum());
                });
    }

    private io.vertx.core.buffer.Buffer reseal(Row row, String botKey, String field) {
        return bytea(secrets.encrypt(secrets.decryptWithoutContext(row.getBuffer(field).getBytes()), botKey, field));
    }

    private WhatsAppAccount toAccount(Row row) {
        String botKey = row.getString("bot_key");
        boolean legacy = row.getInteger("secrets_version") == ChannelSecrets.SEALED_WITHOUT_CONTEXT;
        if (legacy) {
            // stored by a replica of the previous version (during an upgrade): read as it was, sealed again soon
            sealLegacySecrets().subscribe().with(sealed -> { }, failure -> LOG.warnf(
                    "sealing older WhatsApp accounts failed, retried at their next read: %s", failure.getMessage()));
        }
        return new WhatsAppAccount(botKey, row.getLong("customer_id"), row.getString("phone_number_id"),
                secret(row, botKey, "access_token", legacy), secret(row, botKey, "app_secret", legacy),
                secret(row, botKey, "verify_token", legacy), row.getString("api_base_url"), row.getString("api_version"),
                row.getInteger("messages_per_second"));
    }

    private String secret(Row row, String botKey, String field, boolean legacy) {
        byte[] stored = row.getBuffer(field).getBytes();
        return legacy ? secrets.decryptWithoutContext(stored) : secrets.decrypt(stored, botKey, field);
    }

    private static boolean isNumberOfAnotherBot(Throwable failure) {
        return failure instanceof PgException pg && UNIQUE_VIOLATION.equals(pg.getSqlState())
                && ONE_BOT_PER_NUMBER.equals(pg.getConstraint());
    }

    /** The SQL client binds bytea from the core Vert.x buffer. */
    private static io.vertx.core.buffer.Buffer bytea(byte[] bytes) {
        return io.vertx.core.buffer.Buffer.buffer(bytes);
    }
}
