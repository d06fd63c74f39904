package io.floatchat.gateway.service;

import io.floatchat.common.events.TenantEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.gateway.repository.TenantRepository;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Announces every bot on {@code floatchat.tenants.v1} when the gateway starts, a page at a time: bots
 * made before the topic existed, or a topic that was lost, are announced anew, and the services' copies
 * heal by themselves. The topic is compacted and the copies take an announcement twice as once.
 */
@ApplicationScoped
public class TenantAnnouncer {

    private static final Logger LOG = Logger.getLogger(TenantAnnouncer.class);
    private static final int PAGE = 500;

    private final Pool pool;
    private final TenantRepository tenants;
    private final Outbox outbox;

    public TenantAnnouncer(Pool pool, TenantRepository tenants, Outbox outbox) {
        this.pool = pool;
        this.tenants = tenants;
        this.outbox = outbox;
    }

    void announceAll(@Observes StartupEvent event) {
        AtomicInteger announced = new AtomicInteger();
        announceAfter("", announced).subscribe().with(
                done -> LOG.infof("announced %d bots on %s", announced.get(), Topics.TENANTS),
                failure -> LOG.warnf("announcing the bots on %s failed after %d; the next start announces them again: %s",
                        Topics.TENANTS, announced.get(), failure.getMessage()));
    }

    /** A page of bots read and announced in one transaction (a deletion of one of them waits for it, then follows it). */
    private Uni<Void> announceAfter(String afterBotKey, AtomicInteger announced) {
        return pool.withTransaction(transaction -> tenants.botsAfter(transaction, afterBotKey, PAGE).call(bots -> {
                    long now = System.currentTimeMillis();
                    return outbox.appendAll(transaction, bots.stream().map(bot -> new TenantEvent(UUID.randomUUID().toString(),
                            TenantEvent.BOT_CREATED, bot.customerId(), bot.botKey(), now)).toList());
                }))
                .flatMap(bots -> {
                    if (bots.isEmpty()) {
                        return Uni.createFrom().voidItem();
                    }
                    announced.addAndGet(bots.size());
                    return bots.size() < PAGE ? Uni.createFrom().voidItem()
                            : announceAfter(bots.get(bots.size() - 1).botKey(), announced);
                });
    }
}
