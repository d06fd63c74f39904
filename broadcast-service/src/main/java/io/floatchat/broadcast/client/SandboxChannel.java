package io.floatchat.broadcast.client;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/** Channel {@code sandbox}: nothing leaves the platform; the message reaches the conversation history only. */
@ApplicationScoped
public class SandboxChannel {

    public Uni<SendResult> send() {
        return Uni.createFrom().item(SendResult.sent("sandbox." + UUID.randomUUID()));
    }
}
