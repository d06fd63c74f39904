package io.floatchat.conversations.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.common.events.Direction;
import io.floatchat.conversations.HistoryCursor;
import io.floatchat.conversations.HistoryWindow;
import io.floatchat.conversations.Message;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/**
 * The message history. Every read walks the {@code message_history} index of one user: page numbers
 * skip keys in an index-only scan and fetch only the page's rows; cursors seek straight to the position.
 */
@ApplicationScoped
public class MessageRepository {

    private static final String COLUMNS = "m.message_id, m.user_id, m.channel, m.direction, m.type, m.text, "
            + "m.payload::text AS payload, m.ts, m.broadcast_id";
    private static final String USER_WINDOW = "customer_id = $1 AND bot_key = $2 AND user_id = $3 AND ts BETWEEN $4 AND $5";

    private final Pool pool;
    private final ObjectMapper objectMapper;

    /** A message of a customer's bot. */
    public record BotMessage(long customerId, String botKey, Message message) {
    }

    public MessageRepository(Pool pool, ObjectMapper objectMapper) {
        this.pool = pool;
        this.objectMapper = objectMapper;
    }

    /** Stores the message unless the bot already has one with its id; true when stored now. */
    public Uni<Boolean> insert(SqlClient client, long customerId, String botKey, Message message) {
        return client.preparedQuery("INSERT INTO message (customer_id, bot_key, user_id, message_id, channel, direction, "
                        + "type, text, payload, ts, broadcast_id) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb, $10, $11) "
                        + "ON CONFLICT (bot_key, message_id) DO NOTHING")
                .execute(Tuple.tuple().addLong(customerId).addString(botKey).addString(message.userId())
                        .addString(message.messageId()).addString(message.channel()).addString(message.direction().name())
                        .addString(message.type()).addString(message.text())
                        .addString(message.payload() == null ? null : message.payload().toString())
                        .addLong(message.timestamp()).addString(message.broadcastId()))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Stores the messages, in one statement; those the bot already has (by id) change nothing. */
    public Uni<Integer> insertAll(List<BotMessage> batch) {
        int size = batch.size();
        Long[] customers = new Long[size];
        String[] bots = new String[size];
        String[] users = new String[size];
        String[] ids = new String[size];
        String[] channels = new String[size];
        String[] directions = new String[size];
        String[] types = new String[size];
        String[] texts = new String[size];
        String[] payloads = new String[size];
        Long[] timestamps = new Long[size];
        String[] broadcasts = new String[size];
        for (int i = 0; i < size; i++) {
            BotMessage item = batch.get(i);
            Message message = item.message();
            customers[i] = item.customerId();
            bots[i] = item.botKey();
            users[i] = message.userId();
            ids[i] = message.messageId();
            channels[i] = message.channel();
            directions[i] = message.direction().name();
            types[i] = message.type();
            texts[i] = message.text();
            payloads[i] = message.payload() == null ? null : message.payload().toString();
            timestamps[i] = message.timestamp();
            broadcasts[i] = message.broadcastId();
        }
        return pool.preparedQuery("INSERT INTO message (customer_id, bot_key, user_id, message_id, channel, direction, "
                        + "type, text, payload, ts, broadcast_id) SELECT m.customer_id, m.bot_key, m.user_id, m.message_id, "
                        + "m.channel, m.direction, m.type, m.text, m.payload::jsonb, m.ts, m.broadcast_id "
                        + "FROM unnest($1::bigint[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], "
                        + "$8::text[], $9::text[], $10::bigint[], $11::text[]) AS m(customer_id, bot_key, user_id, message_id, "
                        + "channel, direction, type, text, payload, ts, broadcast_id) "
                        + "ON CONFLICT (bot_key, message_id) DO NOTHING")
                .execute(Tuple.tuple().addArrayOfLong(customers).addArrayOfString(bots).addArrayOfString(users)
                        .addArrayOfString(ids).addArrayOfString(channels).addArrayOfString(directions)
                        .addArrayOfString(types).addArrayOfString(texts).addArrayOfString(payloads)
                        .addArrayOfLong(timestamps).addArrayOfString(broadcasts))
                .map(rows -> rows.rowCount());
    }

    public Uni<Message> find(long customerId, String botKey, String messageId) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM message m WHERE m.customer_id = $1 AND m.bot_key = $2 "
                        + "AND m.message_id = $3")
                .execute(Tuple.of(customerId, botKey, messageId))
                .map(rows -> rows.size() == 0 ? null : toMessage(rows.iterator().next()));
    }

    public Uni<Boolean> userHasMessages(long customerId, String botKey, String userId) {
        return pool.preparedQuery("SELECT EXISTS (SELECT 1 FROM message WHERE customer_id = $1 AND bot_key = $2 AND user_id = $3)")
                .execute(Tuple.of(customerId, botKey, userId))
                .map(rows -> rows.iterator().next().getBoolean(0));
    }

    public Uni<Long> count(long customerId, String botKey, String userId, HistoryWindow window) {
        return pool.preparedQuery("SELECT count(*) FROM message WHERE " + USER_WINDOW)
                .execute(window(customerId, botKey, userId, window))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** {@code limit} messages after skipping {@code offset}, oldest first, ties by message id. */
    public Uni<List<Message>> page(long customerId, String botKey, String userId, HistoryWindow window,
                                   int limit, long offset) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM (SELECT message_id FROM message WHERE " + USER_WINDOW
                        + " ORDER BY ts, message_id LIMIT $6 OFFSET $7) page "
                        + "JOIN message m ON m.bot_key = $2 AND m.message_id = page.message_id ORDER BY m.ts, m.message_id")
                .execute(window(customerId, botKey, userId, window).addInteger(limit).addLong(offset))
                .map(this::toMessages);
    }

    /** {@code limit} messages after the cursor's position. */
    public Uni<List<Message>> after(long customerId, String botKey, String userId, HistoryWindow window,
                                    HistoryCursor cursor, int limit) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM message m WHERE m.customer_id = $1 AND m.bot_key = $2 "
                        + "AND m.user_id = $3 AND m.ts BETWEEN $4 AND $5 AND (m.ts, m.message_id) > ($6, $7) "
                        + "ORDER BY m.ts, m.message_id LIMIT $8")
                .execute(window(customerId, botKey, userId, window).addLong(cursor.timestamp())
                        .addString(cursor.messageId()).addInteger(limit))
                .map(this::toMessages);
    }

    private static Tuple window(long customerId, String botKey, String userId, HistoryWindow window) {
        return Tuple.tuple().addLong(customerId).addString(botKey).addString(userId)
                .addLong(window.from()).addLong(window.to());
    }

    private List<Message> toMessages(RowSet<Row> rows) {
        List<Message> messages = new ArrayList<>(rows.size());
        rows.forEach(row -> messages.add(toMessage(row)));
        return messages;
    }

    private Message toMessage(Row row) {
        return new Message(row.getString("message_id"), row.getString("user_id"), row.getString("channel"),
                Direction.valueOf(row.getString("direction")), row.getString("type"), row.getString("text"),
                json(row.getString("payload")), row.getLong("ts"), row.getString("broadcast_id"));
    }

    private JsonNode json(String text) {
        if (text == null) {
            return null;
        }
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored payload is not JSON", e);
        }
    }
}
