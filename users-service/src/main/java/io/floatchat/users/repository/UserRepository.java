package io.floatchat.users.repository;

import io.floatchat.users.AttributeChange;
import io.floatchat.users.AttributeValue;
import io.floatchat.users.User;
import io.floatchat.users.UserActivity;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Users and their searchable attributes. The user row holds the attributes as JSON (what the API
 * returns); {@code user_attribute} holds one row per attribute for the search, kept in step in the
 * same transaction. Absent is null, never an exception.
 */
@ApplicationScoped
public class UserRepository {

    private static final String USER_COLUMNS = "u.user_id, u.channel, u.name, u.attributes, u.first_seen_at, "
            + "u.last_active_at, u.last_inbound_at";

    private final Pool pool;

    public UserRepository(Pool pool) {
        this.pool = pool;
    }

    public Uni<User> find(long customerId, String botKey, String userId) {
        return pool.preparedQuery("SELECT " + USER_COLUMNS + " FROM app_user u "
                        + "WHERE u.customer_id = $1 AND u.bot_key = $2 AND u.user_id = $3")
                .execute(Tuple.of(customerId, botKey, userId))
                .map(rows -> rows.size() == 0 ? null : toUser(rows.iterator().next()));
    }

    /**
     * One page of the users an attribute search finds, ordered by user id; with {@code attributes},
     * each user carries only those of its attributes (the database sends no others).
     */
    public Uni<List<User>> search(AttributeSearch search, int limit, long offset, List<String> attributes) {
        List<Object> parameters = new ArrayList<>(search.parameters());
        parameters.add(limit);
        parameters.add(offset);
        String sql = searchSql(search, parameters.size() - 1, parameters.size());
        if (attributes != null) {
            parameters.add(attributes.toArray(String[]::new));
            sql = sql.replace("SELECT " + USER_COLUMNS, "SELECT " + USER_COLUMNS.replace("u.attributes",
                    "(SELECT COALESCE(jsonb_object_agg(k.name, u.attributes -> k.name), '{}'::jsonb) FROM unnest($"
                            + parameters.size() + "::text[]) AS k(name) WHERE u.attributes ? k.name) AS attributes"));
        }
        return pool.preparedQuery(sql)
                .execute(Tuple.from(parameters))
                .map(rows -> {
                    List<User> users = new ArrayList<>();
                    rows.forEach(row -> users.add(toUser(row)));
                    return users;
                });
    }

    public Uni<Long> count(AttributeSearch search) {
        return pool.preparedQuery(countSql(search))
                .execute(Tuple.from(search.parameters()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    public static String searchSql(AttributeSearch search, int limitParameter, int offsetParameter) {
        return "SELECT " + USER_COLUMNS + " FROM user_attribute a "
                + "JOIN app_user u ON u.bot_key = a.bot_key AND u.user_id = a.user_id "
                + "WHERE " + search.condition() + " ORDER BY a.user_id LIMIT $" + limitParameter + " OFFSET $" + offsetParameter;
    }

    public static String countSql(AttributeSearch search) {
        return "SELECT count(*) FROM user_attribute a "
                + "JOIN app_user u ON u.bot_key = a.bot_key AND u.user_id = a.user_id WHERE " + search.condition();
    }

    /**
     * Creates the user when new and merges the change into its attributes; returns the user, or null
     * when the bot's user belongs to another customer. Concurrent changes to one user serialize on its row.
     */
    public Uni<MergedUser> merge(SqlClient transaction, long customerId, String botKey, String userId, String channel,
                                 String name, AttributeChange change, long now) {
        return transaction.preparedQuery("INSERT INTO app_user AS u (customer_id, bot_key, user_id, channel, name, "
                        + "attributes, first_seen_at, last_active_at) VALUES ($1, $2, $3, COALESCE($4, 'whatsapp'), $5, "
                        + "$6::text::jsonb, $7, $7) "
                        + "ON CONFLICT (bot_key, user_id) DO UPDATE SET "
                        + "channel = COALESCE($4, u.channel), name = COALESCE($5, u.name), "
                        + "attributes = (u.attributes || EXCLUDED.attributes) - $8::text[] "
                        + "WHERE u.customer_id = EXCLUDED.customer_id "
                        + "RETURNING " + USER_COLUMNS + ", (SELECT count(*) FROM jsonb_object_keys(u.attributes)) AS attribute_count")
                .execute(Tuple.tuple()
                        .addLong(customerId).addString(botKey).addString(userId).addString(channel).addString(name)
                        .addString(change.set().toString()).addLong(now)
                        .addArrayOfString(change.removed().toArray(String[]::new)))
                .map(rows -> rows.size() == 0 ? null : new MergedUser(toUser(rows.iterator().next()),
                        rows.iterator().next().getLong("attribute_count")))
                .call(merged -> merged == null ? Uni.createFrom().voidItem()
                        : syncSearchable(transaction, botKey, userId, change));
    }

    /**
     * Messages move their users' activity (creating users seen for the first time), one statement for
     * all; times never go backwards, so replays and late events are harmless.
     */
    public Uni<Integer> recordActivity(Collection<UserActivity> activities) {
        int size = activities.size();
        Long[] customers = new Long[size];
        String[] bots = new String[size];
        String[] users = new String[size];
        String[] channels = new String[size];
        String[] names = new String[size];
        Long[] firstSeen = new Long[size];
        Long[] lastActive = new Long[size];
        Long[] lastInbound = new Long[size];
        int i = 0;
        for (UserActivity activity : activities) {
            customers[i] = activity.customerId();
            bots[i] = activity.botKey();
            users[i] = activity.userId();
            channels[i] = activity.channel();
            names[i] = activity.name();
            firstSeen[i] = activity.firstSeenAt();
            lastActive[i] = activity.lastActiveAt();
            lastInbound[i] = activity.lastInboundAt();
            i++;
        }
        return pool.preparedQuery("INSERT INTO app_user AS u (customer_id, bot_key, user_id, channel, name, "
                        + "first_seen_at, last_active_at, last_inbound_at) SELECT * FROM unnest($1::bigint[], $2::text[], "
                        + "$3::text[], $4::text[], $5::text[], $6::bigint[], $7::bigint[], $8::bigint[]) "
                        + "ON CONFLICT (bot_key, user_id) DO UPDATE SET "
                        + "name = COALESCE(u.name, EXCLUDED.name), "
                        + "first_seen_at = LEAST(u.first_seen_at, EXCLUDED.first_seen_at), "
                        + "last_active_at = GREATEST(u.last_active_at, EXCLUDED.last_active_at), "
                        + "last_inbound_at = GREATEST(u.last_inbound_at, EXCLUDED.last_inbound_at) "
                        + "WHERE u.customer_id = EXCLUDED.customer_id")
                .execute(Tuple.tuple().addArrayOfLong(customers).addArrayOfString(bots).addArrayOfString(users)
                        .addArrayOfString(channels).addArrayOfString(names).addArrayOfLong(firstSeen)
                        .addArrayOfLong(lastActive).addArrayOfLong(lastInbound))
                .map(rows -> rows.rowCount());
    }

    private static Uni<Void> syncSearchable(SqlClient transaction, String botKey, String userId, AttributeChange change) {
        Uni<Void> removed = change.removed().isEmpty() ? Uni.createFrom().voidItem()
                : transaction.preparedQuery("DELETE FROM user_attribute WHERE bot_key = $1 AND user_id = $2 AND name = ANY($3)")
                .execute(Tuple.of(botKey, userId, change.removed().toArray(String[]::new))).replaceWithVoid();
        Map<String, AttributeValue> values = change.searchable();
        if (values.isEmpty()) {
            return removed;
        }
        String[] names = values.keySet().toArray(String[]::new);
        String[] texts = values.values().stream().map(AttributeValue::text).toArray(String[]::new);
        String[] numbers = values.values().stream()
                .map(value -> value.number() == null ? null : value.number().toPlainString()).toArray(String[]::new);
        return removed.flatMap(done -> transaction.preparedQuery("INSERT INTO user_attribute "
                        + "(bot_key, user_id, name, value_text, value_num) "
                        + "SELECT $1, $2, v.name, v.text, v.number::numeric FROM unnest($3::text[], $4::text[], $5::text[]) "
                        + "AS v(name, text, number) "
                        + "ON CONFLICT (bot_key, user_id, name) DO UPDATE SET value_text = EXCLUDED.value_text, "
                        + "value_num = EXCLUDED.value_num")
                .execute(Tuple.tuple().addString(botKey).addString(userId).addArrayOfString(names)
                        .addArrayOfString(texts).addArrayOfString(numbers))
                .replaceWithVoid());
    }

    private static User toUser(Row row) {
        JsonObject attributes = row.getJsonObject("attributes");
        return new User(
                row.getString("user_id"),
                row.getString("channel"),
                row.getString("name"),
                attributes == null ? Map.of() : attributes.getMap(),
                row.getLong("first_seen_at"),
                row.getLong("last_active_at"),
                row.getLong("last_inbound_at"));
    }

    /** A user after a merge, with how many attributes it now has. */
    public record MergedUser(User user, long attributeCount) {
    }
}
