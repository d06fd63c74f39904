package io.floatchat.broadcast.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "floatchat.broadcast")
public interface BroadcastConfig {

    /** How often the scheduler looks for due broadcasts (they start within this of their time). */
    @WithDefault("500ms")
    Duration schedulerInterval();

    /** The sandbox channel's pace. */
    @WithDefault("1000")
    int sandboxMessagesPerSecond();

    /**
     * Recipients a sender has in flight at once (from one poll of the dispatch topic). Each send still
     * takes its account's next slot, so the pace holds; concurrency only stops one slow provider call
     * or database round trip from idling the account (bench/broadcast).
     */
    @WithDefault("64")
    int sendConcurrency();

    /** Attempts per recipient on retryable provider errors (429, 130429, 5xx, timeouts). */
    @WithDefault("5")
    int sendAttempts();

    /** First retry delay; it doubles each attempt, with jitter. */
    @WithDefault("1s")
    Duration retryDelay();

    /**
     * The AES-256 key (base64, 32 bytes) that encrypts channel secrets at rest
     * ({@code FLOATCHAT_BROADCAST_CHANNEL_SECRET_KEY}). Without it, WhatsApp accounts cannot be stored.
     */
    Optional<String> channelSecretKey();

    /**
     * A recipient claimed for sending (SENDING) whose outcome was never recorded — its sender died
     * mid-call — is sent again after this. Longer than any send with its retries can take.
     */
    @WithDefault("5m")
    Duration sendingLease();

    /** users-service, which resolves {@code audience} filters ({@code FLOATCHAT_BROADCAST_USERS_URL}). */
    @WithDefault("http://localhost:8081")
    String usersUrl();

    /** A provider that does not answer within this is retried. */
    @WithDefault("10s")
    Duration providerTimeout();
}
