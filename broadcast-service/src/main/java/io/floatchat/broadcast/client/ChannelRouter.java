package io.floatchat.broadcast.client;

import io.floatchat.broadcast.WhatsAppAccount;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.repository.ChannelAccountRepository;
import io.floatchat.broadcast.service.SendingAccounts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Sends through the channel a sending account belongs to, at that account's pace. WhatsApp accounts
 * are read once per few seconds, not per message, so a changed token or rate applies promptly.
 */
@ApplicationScoped
public class ChannelRouter {

    private static final long ACCOUNT_TTL_MILLIS = 5_000;

    private final SandboxChannel sandbox;
    private final WhatsAppCloudClient whatsapp;
    private final ChannelAccountRepository accounts;
    private final BroadcastConfig config;
    private final Map<String, CachedAccount> cache = new ConcurrentHashMap<>();

    public ChannelRouter(SandboxChannel sandbox, WhatsAppCloudClient whatsapp, ChannelAccountRepository accounts,
                         BroadcastConfig config) {
        this.sandbox = sandbox;
        this.whatsapp = whatsapp;
        this.accounts = accounts;
        this.config = config;
    }

    public Uni<Integer> messagesPerSecond(String account) {
        if (SendingAccounts.isSandbox(account)) {
            return Uni.createFrom().item(config.sandboxMessagesPerSecond());
        }
        return whatsAppAccount(account).map(found -> found == null ? config.sandboxMessagesPerSecond()
                : found.messagesPerSecond());
    }

    public Uni<SendResult> send(String account, ClaimedRecipient recipient) {
        if (SendingAccounts.isSandbox(account)) {
            return sandbox.send();
        }
        return whatsAppAccount(account).flatMap(found -> found == null
                ? Uni.createFrom().item(SendResult.failed("CHANNEL_NOT_CONFIGURED",
                "The bot's WhatsApp channel was removed.", false))
                : whatsapp.send(found, recipient.userId(), recipient.message(), recipient.parameters()));
    }

    private Uni<WhatsAppAccount> whatsAppAccount(String account) {
        CachedAccount cached = cache.get(account);
        long now = System.currentTimeMillis();
        if (cached != null && now - cached.loadedAt() < ACCOUNT_TTL_MILLIS) {
            return Uni.createFrom().item(cached.account());
        }
        return accounts.findByPhoneNumberId(SendingAccounts.phoneNumberIdOf(account))
                .invoke(found -> cache.put(account, new CachedAccount(found, now)));
    }

    private record CachedAccount(WhatsAppAccount account, long loadedAt) {
    }
}
