package io.floatchat.broadcast.service;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.floatchat.broadcast.WhatsAppAccount;
import io.floatchat.broadcast.repository.ChannelAccountRepository;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.outbound.OutboundAddressGuard;
import io.floatchat.common.outbound.OutboundRefusedException;
import io.floatchat.common.outbound.OutboundUrls;
import io.floatchat.common.tenancy.TenantRegistry;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.Optional;

/**
 * The bots' WhatsApp accounts as sending and webhooks use them: read by the bot (a phone number id
 * is one bot's, and nothing is ever looked up for a bot by another bot's number), kept in memory
 * for a few seconds — also when absent, so webhooks for bots without a channel cost no query — so
 * a changed token or rate applies promptly on every replica, and the last read kept longer for
 * sends while the database is away. Storing one vets its API base URL with the outbound guard.
 */
@ApplicationScoped
public class ChannelAccounts {

    private static final Logger LOG = Logger.getLogger(ChannelAccounts.class);
    private static final Duration REMEMBERED = Duration.ofSeconds(5);
    private static final Duration KEPT_FOR_OUTAGES = Duration.ofMinutes(10);
    private static final int MAX_REMEMBERED = 10_000;

    private final ChannelAccountRepository repository;
    private final ChannelSecrets secrets;
    private final OutboundAddressGuard guard;
    private final TenantRegistry registry;
    private final Cache<String, Optional<WhatsAppAccount>> byBot = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED).expireAfterWrite(REMEMBERED).build();
    private final Cache<String, Integer> rates = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED).expireAfterWrite(REMEMBERED).build();
    /**
     * What was last read, for when the database cannot be read: a send in flight while PostgreSQL is
     * away still reaches its provider (measured: without it, every send started in a 70-second outage
     * spent its attempts on the lookup and ended FAILED). Nothing can change an account while the
     * database is away, so the last read is the account.
     */
    private final Cache<String, WhatsAppAccount> lastReadByBot = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED).expireAfterWrite(KEPT_FOR_OUTAGES).build();
    private final Cache<String, Integer> lastReadRates = Caffeine.newBuilder()
            .maximumSize(MAX_REMEMBERED).expireAfterWrite(KEPT_FOR_OUTAGES).build();

    public ChannelAccounts(ChannelAccountRepository repository, ChannelSecrets secrets, OutboundAddressGuard guard,
                           TenantRegistry registry) {
        this.repository = repository;
        this.secrets = secrets;
        this.guard = guard;
        this.registry = registry;
    }

    /** Accounts stored before secrets were sealed to their bot and field are sealed so once, at startup. */
    void sealLegacySecrets(@Observes StartupEvent event) {
        if (!secrets.hasKey()) {
            return;
        }
        try {
            int sealed = repository.sealLegacySecrets().await().atMost(Duration.ofMinutes(1));
            if (sealed > 0) {
                LOG.infof("sealed the secrets of %d WhatsApp accounts to their bot and field", sealed);
            }
        } catch (RuntimeException e) {
            LOG.errorf("could not seal the secrets of older WhatsApp accounts (they stay unusable until this works): %s",
                    e.getMessage());
        }
    }

    /** Stores the bot's account; its API base URL must pass the outbound guard (400 / 1001 otherwise). */
    public Uni<Void> save(WhatsAppAccount account, long now) {
        return guard.vetConfigured(account.apiBaseUrl(), OutboundUrls.Kind.BASE_URL)
                .onFailure(OutboundRefusedException.class)
                .transform(refused -> ApiException.invalidRequest("apiBaseUrl " + refused.getMessage() + "."))
                .flatMap(vetted -> repository.save(account, now))
                .invoke(() -> {
                    byBot.invalidate(account.botKey());
                    rates.invalidate(account.phoneNumberId());
                    lastReadByBot.invalidate(account.botKey());
                    lastReadRates.invalidate(account.phoneNumberId());
                });
    }

    /**
     * The bot's account, or null when it has none (or one that cannot be read). A bot no customer has
     * (the tenant registry, in memory) costs no query: a webhook to a made-up bot key reads nothing.
     */
    public Uni<WhatsAppAccount> ofBot(String botKey) {
        Optional<WhatsAppAccount> known = byBot.getIfPresent(botKey);
        if (known != null) {
            return Uni.createFrom().item(known.orElse(null));
        }
        return registry.isBot(botKey, System.currentTimeMillis())
                .flatMap(exists -> exists ? read(botKey) : Uni.createFrom().nullItem());
    }

    private Uni<WhatsAppAccount> read(String botKey) {
        return repository.findByBot(botKey)
                .onFailure(IllegalStateException.class).recoverWithItem(unreadable -> {
                    LOG.errorf("the WhatsApp account of bot %s cannot be read: %s", botKey, unreadable.getMessage());
                    return null;
                })
                .invoke(found -> {
                    byBot.put(botKey, Optional.ofNullable(found));
                    if (found == null) {
                        lastReadByBot.invalidate(botKey);
                    } else {
                        lastReadByBot.put(botKey, found);
                    }
                })
                .onFailure().recoverWithUni(failure -> {
                    WhatsAppAccount lastRead = lastReadByBot.getIfPresent(botKey);
                    if (lastRead == null) {
                        return Uni.createFrom().failure(failure);
                    }
                    LOG.debugf("the WhatsApp account of bot %s could not be read (%s); using the one last read", botKey,
                            failure.getMessage());
                    return Uni.createFrom().item(lastRead);
                });
    }

    /** The rate of the account with this phone number id, or null when no bot has it. */
    public Uni<Integer> messagesPerSecond(String phoneNumberId) {
        Integer known = rates.getIfPresent(phoneNumberId);
        if (known != null) {
            return Uni.createFrom().item(known);
        }
        return repository.messagesPerSecond(phoneNumberId).invoke(rate -> {
            if (rate != null) {
                rates.put(phoneNumberId, rate);
                lastReadRates.put(phoneNumberId, rate);
            } else {
                lastReadRates.invalidate(phoneNumberId);
            }
        }).onFailure().recoverWithUni(failure -> {
            Integer lastRead = lastReadRates.getIfPresent(phoneNumberId);
            return lastRead == null ? Uni.createFrom().failure(failure) : Uni.createFrom().item(lastRead);
        });
    }
}
