package io.floatchat.broadcast.repository;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.floatchat.broadcast.AudienceMember;
import io.floatchat.broadcast.Broadcast;
import io.floatchat.broadcast.BroadcastStatus;
import io.floatchat.broadcast.Recipient;
import io.floatchat.broadcast.RecipientStatus;
import io.floatchat.broadcast.SendingAccounts;
import io.floatchat.broadcast.client.SendResult;
import io.floatchat.common.events.BroadcastDispatchEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.common.work.ClaimLocks;
import io.smallrye.mutiny.Uni;
import io.vertx.core.json.JsonArray;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Broadcasts and recipients. Absent is null, never an exception. */
@ApplicationScoped
public class BroadcastRepository {

    /** Recipients per dispatch record: a sender claims them in one statement. */
    private static final int DISPATCH_GROUP = 100;

    private static final String COLUMNS = "b.id, b.customer_id, b.bot_key, b.name, b.channel, b.message::text AS message, "
            + "b.status, b.scheduled_at, b.started_at, b.completed_at, b.total";
    /** Past this, a free-form message cannot reach a user (WhatsApp's customer-service window). */
    private static final long WINDOW_MILLIS = 24L * 60 * 60 * 1000;

    private final Pool pool;
    private final ObjectMapper objectMapper;
    private final Outbox outbox;

    public BroadcastRepository(Pool pool, ObjectMapper objectMapper, Outbox outbox) {
        this.pool = pool;
        this.objectMapper = objectMapper;
        this.outbox = outbox;
    }

    /** Stores the broadcast and its recipients (each user once); returns how many recipients. */
    public Uni<Integer> insert(SqlClient transaction, Broadcast broadcast, List<AudienceMember> audience, long now) {
        String[] userIds = audience.stream().map(AudienceMember::userId).toArray(String[]::new);
        String[] parameters = audience.stream().map(member -> member.parameters() != null
                ? new JsonArray(member.parameters()).encode()
                : member.profile() != null ? member.profile().toString() : null).toArray(String[]::new);
        return transaction.preparedQuery("INSERT INTO broadcast (id, customer_id, bot_key, name, channel, message, status, "
                        + "scheduled_at, total, created_at) VALUES ($1, $2, $3, $4, $5, $6::text::jsonb, $7, $8, $9, $10)")
                .execute(Tuple.tuple().addString(broadcast.id()).addLong(broadcast.customerId()).addString(broadcast.botKey())
                        .addString(broadcast.name()).addString(broadcast.channel()).addString(broadcast.message().toString())
                        .addString(broadcast.status().name()).addLong(broadcast.scheduledAt()).addInteger(broadcast.total())
                        .addLong(now))
                .flatMap(inserted -> transaction.preparedQuery("INSERT INTO recipient (broadcast_id, user_id, parameters, "
                                + "updated_at) SELECT $1, u.user_id, u.parameters::jsonb, $3 FROM unnest($2::text[], $4::text[]) "
                                + "WITH ORDINALITY AS u(user_id, parameters, position) "
                                + "ORDER BY u.position ON CONFLICT (broadcast_id, user_id) DO NOTHING")
                        .execute(Tuple.tuple().addString(broadcast.id()).addArrayOfString(userIds).addLong(now)
                                .addArrayOfString(parameters)))
                .map(rows -> rows.rowCount());
    }

    public Uni<Broadcast> find(long customerId, String botKey, String id) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM broadcast b WHERE b.customer_id = $1 AND b.bot_key = $2 AND b.id = $3")
                .execute(Tuple.of(customerId, botKey, id))
                .map(rows -> rows.size() == 0 ? null : toBroadcast(rows.iterator().next()));
    }

    public Uni<List<Broadcast>> list(long customerId, String botKey, BroadcastStatus status, int limit, long offset) {
        return pool.preparedQuery("SELECT " + COLUMNS + " FROM broadcast b WHERE b.customer_id = $1 AND b.bot_key = $2 "
                        + "AND ($3::text IS NULL OR b.status = $3) ORDER BY b.created_at DESC, b.id LIMIT $4 OFFSET $5")
                .execute(Tuple.tuple().addLong(customerId).addString(botKey).addString(status == null ? null : status.name())
                        .addInteger(limit).addLong(offset))
                .map(rows -> {
                    List<Broadcast> broadcasts = new ArrayList<>();
                    rows.forEach(row -> broadcasts.add(toBroadcast(row)));
                    return broadcasts;
                });
    }

    public Uni<Long> count(long customerId, String botKey, BroadcastStatus status) {
        return pool.preparedQuery("SELECT count(*) FROM broadcast WHERE customer_id = $1 AND bot_key = $2 "
                        + "AND ($3::text IS NULL OR status = $3)")
                .execute(Tuple.tuple().addLong(customerId).addString(botKey).addString(status == null ? null : status.name()))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    /** Recipients by status, per broadcast. */
    public Uni<Map<String, Map<String, Long>>> statusCounts(List<String> broadcastIds) {
        return pool.preparedQuery("SELECT broadcast_id, status, count(*) AS n FROM recipient WHERE broadcast_id = ANY($1) "
                        + "GROUP BY broadcast_id, status")
                .execute(Tuple.of(broadcastIds.toArray(String[]::new)))
                .map(rows -> {
                    Map<String, Map<String, Long>> counts = new HashMap<>();
                    rows.forEach(row -> counts.computeIfAbsent(row.getString("broadcast_id"), id -> new HashMap<>())
                            .put(row.getString("status"), row.getLong("n")));
                    return counts;
                });
    }

    /** A page of the broadcast's recipients, those shown as {@code status} (null: all). */
    public Uni<List<Recipient>> recipients(String broadcastId, RecipientStatus status, int limit, long offset) {
        return pool.preparedQuery("SELECT user_id, status, provider_message_id, error_code, error_message, updated_at "
                        + "FROM recipient WHERE broadcast_id = $1 AND ($2::text[] IS NULL OR status = ANY($2)) "
                        + "ORDER BY id LIMIT $3 OFFSET $4")
                .execute(Tuple.tuple().addString(broadcastId).addArrayOfString(stored(status)).addInteger(limit).addLong(offset))
                .map(rows -> {
                    List<Recipient> recipients = new ArrayList<>();
                    rows.forEach(row -> recipients.add(new Recipient(row.getString("user_id"),
                            RecipientStatus.valueOf(row.getString("status")).shown(),
                            row.getString("provider_message_id"),
                            row.getString("error_code") == null ? null
                                    : new Recipient.Error(row.getString("error_code"), row.getString("error_message")),
                            row.getLong("updated_at"))));
                    return recipients;
                });
    }

    public Uni<Long> countRecipients(String broadcastId, RecipientStatus status) {
        return pool.preparedQuery("SELECT count(*) FROM recipient WHERE broadcast_id = $1 AND ($2::text[] IS NULL "
                        + "OR status = ANY($2))")
                .execute(Tuple.tuple().addString(broadcastId).addArrayOfString(stored(status)))
                .map(rows -> rows.iterator().next().getLong(0));
    }

    private static String[] stored(RecipientStatus shown) {
        return shown == null ? null : shown.stored();
    }

    /** Cancels a broadcast that has not finished: its pending recipients will not be sent. */
    public Uni<Boolean> cancel(SqlClient transaction, String id, long now) {
        return transaction.preparedQuery("UPDATE broadcast SET status = 'CANCELLED', completed_at = $2 "
                        + "WHERE id = $1 AND status IN ('SCHEDULED', 'RUNNING')")
                .execute(Tuple.of(id, now))
                .flatMap(rows -> rows.rowCount() == 0 ? Uni.createFrom().item(false)
                        : transaction.preparedQuery("WITH pending AS (" + lockedInIdOrder(null,
                                        "r.broadcast_id = $1 AND r.status = 'PENDING'", false) + ") "
                                        + "UPDATE recipient r SET status = 'CANCELLED', updated_at = $2 FROM pending "
                                        + "WHERE r.id = pending.id")
                                .execute(Tuple.of(id, now)).replaceWith(true));
    }

    /**
     * Claims due broadcasts and marks them RUNNING. {@code SKIP LOCKED}: a replica never waits for, nor
     * starts, a broadcast another replica is starting.
     */
    public Uni<List<Broadcast>> claimDue(SqlClient transaction, long now, int limit) {
        return transaction.preparedQuery("UPDATE broadcast b SET status = 'RUNNING', started_at = $1 WHERE b.id IN ("
                        + "SELECT id FROM broadcast WHERE status = 'SCHEDULED' AND scheduled_at <= $1 ORDER BY scheduled_at "
                        + "LIMIT $2 FOR UPDATE SKIP LOCKED) RETURNING " + COLUMNS)
                .execute(Tuple.of(now, limit))
                .map(rows -> {
                    List<Broadcast> claimed = new ArrayList<>();
                    rows.forEach(row -> claimed.add(toBroadcast(row)));
                    return claimed;
                });
    }

    /** Free-form messages skip users whose last inbound message is older than 24 hours. */
    public Uni<Integer> skipOutsideWindow(SqlClient transaction, Broadcast broadcast, long now) {
        return transaction.preparedQuery("UPDATE recipient r SET status = 'SKIPPED_OUTSIDE_WINDOW', updated_at = $2 "
                        + "WHERE r.broadcast_id = $1 AND r.status = 'PENDING' AND NOT EXISTS (SELECT 1 FROM inbound_window w "
                        + "WHERE w.bot_key = $3 AND w.user_id = r.user_id AND w.last_inbound_at > $4)")
                .execute(Tuple.of(broadcast.id(), now, broadcast.botKey(), now - WINDOW_MILLIS))
                .map(rows -> rows.rowCount());
    }

    /**
     * Fans the pending recipients out as dispatch records of up to {@value #DISPATCH_GROUP} recipients
     * each, in the caller's transaction (through the outbox, set-based), keyed by sending account so one
     * account's pace is kept by one consumer. A record per group, not per recipient: the fan-out, the
     * relay and the senders handle a hundredth of the records (bench/broadcast). Returns the records.
     */
    public Uni<Integer> fanOut(SqlClient transaction, Broadcast broadcast, String sendingAccount) {
        return outbox.appendSelected(transaction, Topics.BROADCAST_DISPATCH, "", "SELECT "
                        + BroadcastDispatchEvent.asOutboxColumns("min(g.id) || '-' || max(g.id)", "$2::bigint", "$3::text",
                        "$4::text", "jsonb_agg(g.id ORDER BY g.id)", "$1::text") + " "
                        + "FROM (SELECT r.id, (row_number() OVER (ORDER BY r.id) - 1) / $5 AS grp FROM recipient r "
                        + "WHERE r.broadcast_id = $4 AND r.status = 'PENDING') g GROUP BY g.grp ORDER BY g.grp",
                Tuple.tuple().addString(sendingAccount).addLong(broadcast.customerId()).addString(broadcast.botKey())
                        .addString(broadcast.id()).addInteger(DISPATCH_GROUP));
    }

    /**
     * Marks the broadcast COMPLETED when no recipient is left to send; true when it did. The caller has
     * just recorded recipients up to id {@code lastRecorded} (0: none).
     */
    public Uni<Boolean> completeIfDone(SqlClient client, String broadcastId, long lastRecorded, long now) {
        // Senders record recipients concurrently, and each sees the others' uncommitted recipients as still
        // SENDING: without care the last two would each leave the broadcast running. So each locks the
        // broadcast row first, and the last to lock sees every other's commit. A recipient after the caller's
        // that is still PENDING will be recorded by a sender that locks later: only without one is the whole
        // broadcast checked (bench/broadcast: counting what is left was ~10 % of PostgreSQL's time).
        return client.preparedQuery("SELECT 1 FROM broadcast WHERE id = $1 FOR UPDATE").execute(Tuple.of(broadcastId))
                .flatMap(locked -> client.preparedQuery("SELECT 1 FROM recipient WHERE broadcast_id = $1 "
                                + "AND status = 'PENDING' AND id > $2 LIMIT 1")
                        .execute(Tuple.of(broadcastId, lastRecorded)))
                .flatMap(later -> later.size() > 0 ? Uni.createFrom().item(false)
                        : client.preparedQuery("UPDATE broadcast b SET status = 'COMPLETED', completed_at = $2 "
                                        + "WHERE b.id = $1 AND b.status = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM recipient r "
                                        + "WHERE r.broadcast_id = $1 AND r.status IN ('PENDING', 'SENDING'))")
                                .execute(Tuple.of(broadcastId, now))
                                .map(rows -> rows.rowCount() == 1));
    }

    /**
     * Claims recipients for sending (PENDING to SENDING) until {@code leaseUntil}, in one statement;
     * those no longer pending (already sent, cancelled, claimed by a redelivered record) are left out.
     * Each claim increments {@code attempts}, which is the claim's fencing token.
     */
    public Uni<List<ClaimedRecipient>> claimRecipients(List<Long> recipientIds, long now, long leaseUntil) {
        // waiting for a recipient another statement holds, never skipping it: if that one rolls back, the
        // recipient is still pending and this record is its only dispatch
        return pool.preparedQuery("WITH free AS (" + lockedInIdOrder("unnest($1::bigint[]) AS c(id)",
                        "r.id = c.id AND r.status = 'PENDING'", false) + ") "
                        + "UPDATE recipient r SET status = 'SENDING', attempts = r.attempts + 1, updated_at = $2, "
                        + "lease_until = $3 FROM free, broadcast b WHERE r.id = free.id AND b.id = r.broadcast_id "
                        + "RETURNING r.id, r.attempts, r.user_id, r.parameters::text AS parameters, b.id AS broadcast_id, "
                        + "b.customer_id, b.bot_key, b.channel, b.message::text AS message")
                .execute(Tuple.of(recipientIds.toArray(Long[]::new), now, leaseUntil))
                .map(rows -> {
                    // one broadcast's recipients share its message: read it once
                    Map<String, JsonNode> messages = new HashMap<>();
                    List<ClaimedRecipient> claimed = new ArrayList<>(rows.size());
                    for (Row row : rows) {
                        String parameters = row.getString("parameters");
                        claimed.add(new ClaimedRecipient(row.getLong("id"), row.getInteger("attempts"), row.getString("user_id"),
                                row.getString("broadcast_id"), row.getLong("customer_id"), row.getString("bot_key"),
                                row.getString("channel"),
                                messages.computeIfAbsent(row.getString("broadcast_id"), id -> json(row.getString("message"))),
                                parameters == null ? null : json(parameters)));
                    }
                    return claimed;
                });
    }

    /**
     * Extends the claims still current (same fencing token, still SENDING) to {@code leaseUntil};
     * returns their ids: a claim not among them was taken over or ended and must not be sent.
     */
    public Uni<Set<Long>> renewClaims(List<ClaimRef> claims, long leaseUntil) {
        return pool.preparedQuery("WITH held AS (" + lockedInIdOrder("unnest($1::bigint[], $2::int[]) AS c(id, claim)",
                        "r.id = c.id AND r.attempts = c.claim AND r.status = 'SENDING'", false) + ") "
                        + "UPDATE recipient r SET lease_until = $3 FROM held WHERE r.id = held.id RETURNING r.id")
                .execute(Tuple.of(ids(claims), tokens(claims), leaseUntil))
                .map(BroadcastRepository::idSet);
    }

    /** Of these broadcasts, the ones no longer RUNNING (cancelled): their claimed recipients are not sent. */
    public Uni<Set<String>> notRunning(Set<String> broadcastIds) {
        return pool.preparedQuery("SELECT id FROM broadcast WHERE id = ANY($1) AND status <> 'RUNNING'")
                .execute(Tuple.of(broadcastIds.toArray(String[]::new)))
                .map(rows -> {
                    Set<String> ids = new HashSet<>();
                    rows.forEach(row -> ids.add(row.getString(0)));
                    return ids;
                });
    }

    /**
     * Claims whose lease ran out — their sender stopped, or lost the database for longer than a lease —
     * go back to PENDING and are dispatched again (through the outbox, in the caller's transaction).
     * A live sender renews its claims, so only a crash inside the provider call itself can make that a
     * second send; the fencing token keeps the old sender's late outcome from being recorded.
     */
    public Uni<Integer> requeueExpiredClaims(SqlClient transaction, long now) {
        // a claim being recorded or renewed right now is skipped: the next round sees it if it is still expired
        return requeue(transaction, "r.status = 'SENDING' AND r.lease_until < $1", true, Tuple.of(now));
    }

    /** A stopping sender hands back the claims it has not started: dispatched again at once, never sent twice. */
    public Uni<Integer> releaseClaims(SqlClient transaction, List<ClaimRef> claims, long now) {
        return requeue(transaction, "r.status = 'SENDING' AND (r.id, r.attempts) IN (SELECT * FROM unnest($2::bigint[], $3::int[]))",
                false, Tuple.of(now, ids(claims), tokens(claims)));
    }

    /**
     * {@code $1} is now. A record per recipient of a running broadcast, keyed by its bot's sending account
     * now; a claim of a broadcast no longer running (cancelled while its sender stopped or died) ends
     * CANCELLED, as cancelling ends the pending ones — nobody else would ever end it. Returns the records.
     */
    private Uni<Integer> requeue(SqlClient transaction, String which, boolean skipLocked, Tuple parameters) {
        return outbox.appendSelected(transaction, Topics.BROADCAST_DISPATCH, "WITH due AS (" + lockedInIdOrder("broadcast b", which
                        + " AND b.id = r.broadcast_id", skipLocked) + "), "
                        + "ended AS (UPDATE recipient r SET status = 'CANCELLED', updated_at = $1, lease_until = NULL "
                        + "FROM due, broadcast b WHERE r.id = due.id AND b.id = r.broadcast_id AND b.status <> 'RUNNING'), "
                        + "expired AS (UPDATE recipient r SET status = 'PENDING', updated_at = $1, "
                        + "lease_until = NULL FROM due, broadcast b WHERE r.id = due.id AND b.id = r.broadcast_id "
                        + "AND b.status = 'RUNNING' RETURNING r.id, r.broadcast_id, b.customer_id, b.bot_key, b.channel)",
                "SELECT " + BroadcastDispatchEvent.asOutboxColumns("e.id || '-' || $1",
                        "e.customer_id", "e.bot_key", "e.broadcast_id", "jsonb_build_array(e.id)", "a.account") + " "
                        + "FROM expired e CROSS JOIN LATERAL (SELECT CASE WHEN e.channel = 'whatsapp' THEN "
                        + "(SELECT '" + SendingAccounts.WHATSAPP + "' || c.phone_number_id FROM channel_account c "
                        + "WHERE c.bot_key = e.bot_key) ELSE '" + SendingAccounts.SANDBOX + "' || e.bot_key END AS account) a "
                        + "WHERE a.account IS NOT NULL",
                parameters);
    }

    /**
     * The outcomes of sends, in one statement; only recipients still held by the claim that sent them
     * (SENDING, same fencing token) change. Returns their ids.
     */
    public Uni<Set<Long>> recordOutcomes(SqlClient transaction, List<Outcome> outcomes, long now) {
        int size = outcomes.size();
        Long[] ids = new Long[size];
        Integer[] claims = new Integer[size];
        String[] statuses = new String[size];
        String[] providerIds = new String[size];
        String[] errorCodes = new String[size];
        String[] errorMessages = new String[size];
        for (int i = 0; i < size; i++) {
            Outcome outcome = outcomes.get(i);
            ids[i] = outcome.recipient().recipientId();
            claims[i] = outcome.recipient().claim();
            statuses[i] = outcome.status();
            providerIds[i] = outcome.result() == null ? null : outcome.result().providerMessageId();
            errorCodes[i] = outcome.result() == null ? null : outcome.result().errorCode();
            errorMessages[i] = outcome.result() == null ? null : outcome.result().errorMessage();
        }
        return transaction.preparedQuery("WITH o AS (SELECT * FROM unnest($1::bigint[], $2::int[], $3::text[], $4::text[], "
                        + "$5::text[], $6::text[]) AS o(id, claim, status, provider_message_id, error_code, error_message)), "
                        + "held AS (" + lockedInIdOrder("o", "r.id = o.id AND r.attempts = o.claim AND r.status = 'SENDING'", false)
                        + ") UPDATE recipient r SET status = o.status, provider_message_id = o.provider_message_id, "
                        + "error_code = o.error_code, error_message = o.error_message, updated_at = $7, lease_until = NULL "
                        + "FROM held JOIN o ON o.id = held.id WHERE r.id = held.id AND r.attempts = o.claim RETURNING r.id")
                .execute(Tuple.tuple().addArrayOfLong(ids).addArrayOfInteger(claims).addArrayOfString(statuses)
                        .addArrayOfString(providerIds).addArrayOfString(errorCodes).addArrayOfString(errorMessages).addLong(now))
                .map(BroadcastRepository::idSet);
    }

    /** The recipients ({@code r}, joined to {@code from}) that {@code where} selects, locked as every claim statement locks them. */
    private static String lockedInIdOrder(String from, String where, boolean skipLocked) {
        return ClaimLocks.inIdOrder("recipient", from, where, skipLocked);
    }

    private static Set<Long> idSet(RowSet<Row> rows) {
        Set<Long> ids = new HashSet<>(rows.size() * 2);
        rows.forEach(row -> ids.add(row.getLong(0)));
        return ids;
    }

    private static Long[] ids(List<ClaimRef> claims) {
        return claims.stream().map(ClaimRef::recipientId).toArray(Long[]::new);
    }

    private static Integer[] tokens(List<ClaimRef> claims) {
        return claims.stream().map(ClaimRef::claim).toArray(Integer[]::new);
    }

    private Broadcast toBroadcast(Row row) {
        return new Broadcast(row.getString("id"), row.getLong("customer_id"), row.getString("bot_key"), row.getString("name"),
                row.getString("channel"), json(row.getString("message")), BroadcastStatus.valueOf(row.getString("status")),
                row.getLong("scheduled_at"), row.getLong("started_at"), row.getLong("completed_at"), row.getInteger("total"));
    }

    private JsonNode json(String text) {
        try {
            return objectMapper.readTree(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored message is not JSON", e);
        }
    }

    /**
     * What a send to a claimed recipient came to: the provider's result, or — {@code result} null —
     * not sent because its broadcast was cancelled while it waited.
     */
    public record Outcome(ClaimedRecipient recipient, SendResult result) {

        public static Outcome cancelled(ClaimedRecipient recipient) {
            return new Outcome(recipient, null);
        }

        public boolean cancelled() {
            return result == null;
        }

        public String status() {
            return result == null ? "CANCELLED" : result.isSent() ? "SENT" : "FAILED";
        }
    }

    /** A claim on a recipient: its id and the claim's fencing token. */
    public record ClaimRef(long recipientId, int claim) {
    }

    /** A recipient claimed for sending (by the claim numbered {@code claim}), with what to send. */
    public record ClaimedRecipient(long recipientId, int claim, String userId, String broadcastId, long customerId, String botKey,
                                   String channel, JsonNode message, JsonNode parameters) {

        public ClaimedRecipient withMessage(JsonNode personalised) {
            return new ClaimedRecipient(recipientId, claim, userId, broadcastId, customerId, botKey, channel, personalised,
                    parameters);
        }

        public ClaimRef ref() {
            return new ClaimRef(recipientId, claim);
        }
    }
}
