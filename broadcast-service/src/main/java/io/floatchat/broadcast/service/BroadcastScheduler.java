package io.floatchat.broadcast.service;

import io.floatchat.broadcast.Broadcast;
import io.floatchat.broadcast.SendingAccounts;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository;
import io.floatchat.broadcast.repository.ChannelAccountRepository;
import io.floatchat.common.api.OutgoingMessages;
import io.floatchat.common.events.BroadcastEvent;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.common.work.SerialRounds;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.SqlClient;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;

/**
 * Starts due broadcasts: claims them ({@code FOR UPDATE SKIP LOCKED}, so replicas never start one
 * twice), skips free-form recipients outside the 24-hour window, and fans the rest out to
 * {@code floatchat.broadcast-dispatch.v1} through the outbox — all in one transaction, so a crash
 * either starts a broadcast completely or not at all.
 */
@ApplicationScoped
public class BroadcastScheduler {

    private static final Logger LOG = Logger.getLogger(BroadcastScheduler.class);
    private static final int BATCH = 5;

    private final Pool pool;
    private final Vertx vertx;
    private final BroadcastRepository broadcasts;
    private final ChannelAccountRepository accounts;
    private final Outbox outbox;
    private final BroadcastConfig config;
    private final SerialRounds rounds = new SerialRounds(this::startRound,
            failure -> LOG.warnf("starting due broadcasts failed, retrying at the next tick: %s", failure.getMessage()));
    private long timer = -1;

    public BroadcastScheduler(Pool pool, Vertx vertx, BroadcastRepository broadcasts, ChannelAccountRepository accounts,
                              Outbox outbox, BroadcastConfig config) {
        this.pool = pool;
        this.vertx = vertx;
        this.broadcasts = broadcasts;
        this.accounts = accounts;
        this.outbox = outbox;
        this.config = config;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(config.schedulerInterval().toMillis(), id -> wakeUp());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    /** Starts what is due now; if a round is running, one more round follows it. */
    public void wakeUp() {
        rounds.wakeUp();
    }

    private Uni<Boolean> startRound() {
        return startDue().map(started -> started == BATCH);
    }

    private Uni<Integer> startDue() {
        long now = System.currentTimeMillis();
        return pool.withTransaction(transaction -> broadcasts
                .requeueExpiredClaims(transaction, now)
                .invoke(requeued -> {
                    if (requeued > 0) {
                        LOG.warnf("%d recipients were claimed by a sender that stopped (their lease ran out); dispatched again", requeued);
                    }
                })
                .flatMap(requeued -> broadcasts.claimDue(transaction, now, BATCH))
                .flatMap(due -> Multi.createFrom().iterable(due)
                        .onItem().transformToUniAndConcatenate(broadcast -> begin(transaction, broadcast, now))
                        .collect().asList()
                        .map(List::size)));
    }

    private Uni<Void> begin(SqlClient transaction, Broadcast broadcast, long now) {
        boolean whatsapp = "whatsapp".equals(broadcast.channel());
        Uni<Integer> skipped = whatsapp && OutgoingMessages.isFreeForm(broadcast.message())
                ? broadcasts.skipOutsideWindow(transaction, broadcast, now) : Uni.createFrom().item(0);
        Uni<String> account = whatsapp
                ? accounts.sendingAccount(transaction, broadcast.botKey())
                : Uni.createFrom().item(SendingAccounts.sandbox(broadcast.botKey()));
        return skipped.flatMap(count -> account)
                .flatMap(sendingAccount -> sendingAccount == null
                        // the WhatsApp account was removed since: nothing can be sent
                        ? broadcasts.cancel(transaction, broadcast.id(), now).replaceWith(0)
                        : broadcasts.fanOut(transaction, broadcast, sendingAccount))
                .flatMap(dispatched -> outbox.append(transaction, event(BroadcastEvent.BROADCAST_STARTED, broadcast, now)))
                .flatMap(announced -> broadcasts.completeIfDone(transaction, broadcast.id(), 0, now))
                .flatMap(completed -> completed
                        ? outbox.append(transaction, event(BroadcastEvent.BROADCAST_COMPLETED, broadcast, now))
                        : Uni.createFrom().voidItem())
                .invoke(() -> LOG.infof("broadcast %s started (%d recipients)", broadcast.id(), broadcast.total()));
    }

    static BroadcastEvent event(String type, Broadcast broadcast, long now) {
        return new BroadcastEvent(UUID.randomUUID().toString(), type, broadcast.customerId(), broadcast.botKey(),
                broadcast.id(), null, null, null, null, now);
    }
}
