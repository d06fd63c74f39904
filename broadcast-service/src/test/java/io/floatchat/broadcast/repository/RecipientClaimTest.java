package io.floatchat.broadcast.repository;

import io.floatchat.broadcast.client.SendResult;
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
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Claims are fenced: a sender whose claim expired (cut off from the database for longer than its
 * lease) and was replaced can neither renew it nor record its outcome over the new claim's.
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

    /** A RUNNING WhatsApp broadcast of a bot without an account: nothing dispatches it but this test. */
    private static long runningBroadcastWithOneRecipient() throws Exception {
        String id = "brd_claim_" + UUID.randomUUID().toString().substring(0, 8);
        try (Connection connection = EmbeddedPostgresServer.connect(); Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO broadcast.broadcast (id, customer_id, bot_key, name, channel, message, status, "
                    + "scheduled_at, started_at, total, created_at) VALUES ('" + id + "', 10001, 'bot-claims', 'claims', "
                    + "'whatsapp', '{\"type\":\"text\",\"text\":\"hi\"}', 'RUNNING', 0, 0, 1, 0)");
            statement.executeUpdate("INSERT INTO broadcast.recipient (broadcast_id, user_id, updated_at) VALUES ('" + id
                    + "', '919800000001', 0)");
            try (ResultSet row = statement.executeQuery("SELECT id FROM broadcast.recipient WHERE broadcast_id = '" + id + "'")) {
                row.next();
                return row.getLong(1);
            }
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
