package io.floatchat.broadcast.client;

import io.floatchat.broadcast.config.BroadcastConfig;
import io.floatchat.broadcast.repository.BroadcastRepository.ClaimedRecipient;
import io.floatchat.broadcast.service.SendingAccounts;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Sends through the channel a sending account belongs to, at that account's pace. */
@ApplicationScoped
public class ChannelRouter {

    private final SandboxChannel sandbox;
    private final BroadcastConfig config;

    public ChannelRouter(SandboxChannel sandbox, BroadcastConfig config) {
        this.sandbox = sandbox;
        this.config = config;
    }

    public Uni<Integer> messagesPerSecond(String account) {
        return Uni.createFrom().item(config.sandboxMessagesPerSecond());
    }

    public Uni<SendResult> send(String account, ClaimedRecipient recipient) {
        if (SendingAccounts.isSandbox(account)) {
            return sandbox.send();
        }
        return Uni.createFrom().item(SendResult.failed("CHANNEL_UNAVAILABLE",
                "The WhatsApp Cloud API adapter is not available in this build.", false));
    }
}
