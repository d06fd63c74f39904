package io.floatchat.broadcast.repository;

import io.floatchat.broadcast.client.SendResult;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimRef;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.repository.BroadcastRepository.Outcome;
import io.floatchat.testing.EmbeddedPostgresServer;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Claims are fenced: a sender whose claim expired (cut off from the database for longer than its
 * lease) and was replaced can neither renew it nor record its outcome over the new claim's. And the
 * statements over one lane's claims wait for each other in one order instead of deadlocking.
 */
@QuarkusTest
class RecipientClaimTest {

    private static final Duration WAIT = Duration.ofSeconds(10);

    @Inject
    BroadcastRepository broadcasts;

    @Inject
    Pool pool;

    @Test
    void anOutcomeFromAnExpiredClaimIsNotRecordedOverTheClaimThatReplacedIt() throws Exception {
        long recipient = runningBroadcastWithOneRecipient();
        long now = System.currentTimeMillis();
        // the first sender's lease is already over when the scheduler looks
        ClaimedRecipient first = broadcasts.claimRecipients(List.of(recipient), now, now - 1).await().atMost(WAIT).get(0);
        int requeued = pool.withTransaction(transaction -> broadcasts.requeueExpiredClaims(transaction, now))
                .await().atMost(WAIT);
        assertThat(requeued).as("no sending account: requeued, but no dispatch record to race this test").isZero();
        assertThat(status(recipient)).isEqualTo("PENDING");
        ClaimedRecipient second = broadcasts.claimRecipients(List.of(recipient), now, now + 60_000).await().atMost(WAIT).get(0);
        assertThat(second.claim()).isGreaterThan(first.claim());

        assertThat(broadcasts.renewClaims(List.of(first.ref()), now + 120_000).await().atMost(WAIT)).isEmpty();
        assertThat(broadcasts.renewClaims(List.of(second.ref()), now + 120_000).await().atMost(WAIT)).containsExactly(recipient);
        assertThat(pool.withTransaction(transaction -> broadcasts.recordOutcomes(transaction,
                List.of(new Outcome(first, SendResult.sent("wamid.late"))), now)).await().atMost(WAIT)).isEmpty();
        assertThat(status(recipient)).isEqualTo("SENDING");

        assertThat(pool.withTransaction(transaction -> broadcasts.recordOutcomes(transaction,
                List.of(new Outcome(second, SendResult.sent("wamid.current"))), now)).await().atMost(WAIT)).containsExactly(recipient);
        assertThat(status(recipient)).isEqualTo("SENT");
        assertThat(providerMessageId(recipient)).isEqualTo("wamid.current");
    }

    @Test
    void aRenewedClaimIsNotTakenOverAndOnlyExpiredClaimsAreDispatchedAgain() throws Exception {
        long recipient = runningBroadcastWithOneRecipient();
        long now = System.currentTimeMillis();
        ClaimedRecipient claim = broadcasts.claimRecipients(List.of(recipient), now, now + 1_000).await().atMost(WAIT).get(0);
        broadcasts.renewClaims(List.of(claim.ref()), now + 60_000).await().atMost(WAIT);

        // a scheduler tick after the first lease would have ended
        pool.withTransaction(transaction -> broadcasts.requeueExpiredClaims(transaction, now + 2_000)).await().atMost(WAIT);

        assertThat(status(recipient)).isEqualTo("SENDING");
    }

    @Test
    void anExpiredOrHandedBackClaimOfACancelledBroadcastEndsCancelledInsteadOfStayingSendingForEver() throws Exception {
        List<Long> recipients = runningBroadcastWith(2);
        long now = System.currentTimeMillis();
        // leased into the future: the service's own scheduler, requeueing expired claims every 500 ms in this JVM,
        // must not find the claim expired while the broadcast still runs (the fresh-clone run of fcf9153 saw it so)
        List<ClaimedRecipient> claimed = broadcasts.claimRecipients(recipients, now, now + 5_000).await().atMost(WAIT);
        // cancelled while its sender held both claims, and the sender died (one claim runs out) or stopped (it hands one back)
        execute("UPDATE broadcast.broadcast SET status = 'CANCELLED' WHERE id = (SELECT broadcast_id FROM broadcast.recipient "
                + "WHERE id = " + recipients.get(0) + ")");

        pool.withTransaction(transaction -> broadcasts.releaseClaims(transaction, List.of(claimed.get(1).ref()), now))
                .await().atMost(WAIT);
        long afterTheLease = now + 10_000;
        pool.withTransaction(transaction -> broadcasts.requeueExpiredClaims(transaction, afterTheLease)).await().atMost(WAIT);

        assertThat(status(recipients.get(0))).isEqualTo("CANCELLED");
        assertThat(status(recipients.get(1))).isEqualTo("CANCELLED");
    }

    @Test
    void aLanesRenewalAndTheRecordingOfItsOutcomesOverTheSameRecipientsWaitForEachOtherInsteadOfDeadlocking()
            throws Exception {
        List<Long> recipients = runningBroadcastWith(1_000);
        long now = System.currentTimeMillis();
        List<ClaimedRecipient> claimed = broadcasts.claimRecipients(recipients, now, now + 60_000).await().atMost(WAIT);
        assertThat(claimed).hasSize(1_000);
        // the lane renews its claims in the order it holds them, newest first; the outcomes come in send order
        List<ClaimRef> laneOrder = new ArrayList<>(claimed.stream().map(ClaimedRecipient::ref).toList());
        Collections.reverse(laneOrder);
        List<Outcome> outcomes = claimed.stream().map(recipient -> new Outcome(recipient, SendResult.sent("wamid."
                + recipient.recipientId()))).toList();

        CompletableFuture<Set<Long>> renewed;
        CompletableFuture<Set<Long>> recorded;
        // a third statement holds a recipient in the middle for a moment, so both meet it part way through
        try (Connection blocker = EmbeddedPostgresServer.connect(); Statement statement = blocker.createStatement()) {
            blocker.setAutoCommit(false);
            statement.execute("SELECT 1 FROM broadcast.recipient WHERE id = " + recipients.get(500) + " FOR UPDATE");
            renewed = broadcasts.renewClaims(laneOrder, now + 120_000).subscribeAsCompletionStage();
            await().atMost(WAIT).until(() -> waitingForLocks() == 1);
            recorded = pool.withTransaction(transaction -> broadcasts.recordOutcomes(transaction, outcomes, now))
                    .subscribeAsCompletionStage();
            await().atMost(WAIT).until(() -> waitingForLocks() == 2);
            blocker.commit();
        }

        // one after the other, both whole (with the statements' own lock order, PostgreSQL ended one as a deadlock)
        assertThat(renewed.get(20, TimeUnit.SECONDS)).as("the renewal, first to wait, went first").hasSize(1_000);
        assertThat(recorded.get(20, TimeUnit.SECONDS)).hasSize(1_000);
        assertThat(count("SELECT count(*) FROM broadcast.recipient WHERE id = ANY('{" + join(recipients)
                + "}'::bigint[]) AND status = 'SENT'")).isEqualTo(1_000);
    }

    /** Statements of this database waiting for a row lock now. */
    private static long waitingForLocks() throws Exception {
        return count("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'");
    }

    /** A RUNNING WhatsApp broadcast of a bot without an account: nothing dispatches it but this test. */
    private static long runningBroadcastWithOneRecipient() throws Exception {
        return runningBroadcastWith(1).get(0);
    }

    private static List<Long> runningBroadcastWith(int recipients) throws Exception {
        String id = "brd_claim_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO broadcast.broadcast (id, customer_id, bot_key, name, channel, message, status, "
                    + "scheduled_at, started_at, total, created_at) VALUES ('" + id + "', 10001, 'bot-claims', 'claims', "
                    + "'whatsapp', '{\"type\":\"text\",\"text\":\"hi\"}', 'RUNNING', 0, 0, " + recipients + ", 0)");
            statement.executeUpdate("INSERT INTO broadcast.recipient (broadcast_id, user_id, updated_at) SELECT '" + id
                    + "', '9198' || lpad(n::text, 8, '0'), 0 FROM generate_series(1, " + recipients + ") n");
            List<Long> ids = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery("SELECT id FROM broadcast.recipient WHERE broadcast_id = '" + id
                    + "' ORDER BY id")) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
            return ids;
        }
    }

    private static void execute(String sql) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate(sql);
        }
    }

    private static String join(List<Long> ids) {
        return String.join(",", ids.stream().map(String::valueOf).toList());
    }

    private static long count(String sql) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery(sql)) {
            row.next();
            return row.getLong(1);
        }
    }

    private static String status(long recipient) throws Exception {
        return column(recipient, "status");
    }

    private static String providerMessageId(long recipient) throws Exception {
        return column(recipient, "provider_message_id");
    }

    private static String column(long recipient, String column) throws Exception {
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement();
             ResultSet row = statement.executeQuery("SELECT " + column + " FROM broadcast.recipient WHERE id = " + recipient)) {
            row.next();
            return row.getString(1);
        }
    }
}
