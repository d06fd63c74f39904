package io.floatchat.broadcast.client;

import io.floatchat.broadcast.SendingAccounts;
import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.service.ChannelAccounts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Sends through the channel a sending account belongs to, at that account's pace — and always
 * through the account of the recipient's own bot, found by the bot, never by a phone number id.
 */
@ApplicationScoped
public class ChannelRouter {

    private final SandboxChannel sandbox;
    private final WhatsAppCloudClient whatsapp;
    private final ChannelAccounts accounts;
    private final BroadcastConfig config;

    public ChannelRouter(SandboxChannel sandbox, WhatsAppCloudClient whatsapp, ChannelAccounts accounts, BroadcastConfig config) {
        this.sandbox = sandbox;
        this.whatsapp = whatsapp;
        this.accounts = accounts;
        this.config = config;
    }

    public Uni<Integer> messagesPerSecond(String account) {
        if (SendingAccounts.isSandbox(account)) {
            return Uni.createFrom().item(config.sandboxMessagesPerSecond());
        }
        return accounts.messagesPerSecond(SendingAccounts.phoneNumberIdOf(account))
                .map(rate -> rate == null ? config.sandboxMessagesPerSecond() : rate);
    }

    public Uni<SendResult> send(String account, ClaimedRecipient recipient) {
        if (SendingAccounts.isSandbox(account)) {
            return sandbox.send();
        }
        return accounts.ofBot(recipient.botKey()).flatMap(found -> found == null || found.customerId() != recipient.customerId()
                ? Uni.createFrom().item(SendResult.failed("CHANNEL_NOT_CONFIGURED",
                "The bot's WhatsApp channel was removed.", false))
                : whatsapp.send(found, recipient.userId(), recipient.message(), recipient.parameters()));
    }
}
