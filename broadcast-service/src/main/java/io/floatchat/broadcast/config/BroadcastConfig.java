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
     * The most recipients of one sending account in a provider call at once (in its lane). An account
     * wants its rate's worth over its provider's answer time and a quarter second — 1,000/s with
     * answers in 200 ms wants 450 — and has it within its share of {@link #sendsInFlight()}. A slot is
     * free again when the provider answers, while the outcome is recorded; each send still takes the
     * account's next slot, so the pace holds. Each account has a connection pool of its own, this
     * large, so one account's slow answers never hold another's connections to the same provider.
     */
    @WithDefault("1000")
    int sendConcurrency();

    /**
     * Sends the service has in a provider call at once, over every account, shared among the accounts
     * max-min fairly (an account wanting less than an even share has what it wants, the rest share the
     * remainder). While shares shrink the total may pass this, never twice it: the sockets and memory
     * a tenant's slow endpoints can hold are bounded however many accounts it has.
     */
    @WithDefault("4000")
    int sendsInFlight();

    /**
     * Recipients one sending account's lane holds, claimed and waiting or in flight. A full lane stops
     * the dispatch consumer taking that account's records (it goes on with every other account's); a
     * larger one only holds more claims in memory, renewed every quarter lease.
     */
    @WithDefault("2000")
    int laneCapacity();

    /**
     * Dispatch records a partition may have set aside, unclaimed, because their accounts' lanes were
     * full, before the consumer pauses that partition (Kafka pause/resume) until they fit again. Other
     * accounts on the partition keep sending until then; other partitions are never paused.
     */
    @WithDefault("200")
    int parkedRecordsPerPartition();

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
     * A claim on a recipient (SENDING): renewed every quarter of it while its sender lives; a claim whose
     * sender died is sent again once it runs out. Must be longer than the longest send —
     * provider-timeout x send-attempts + the retries' backoff (checked at start).
     */
    @WithDefault("5m")
    Duration sendingLease();

    /** users-service, which resolves {@code audience} filters ({@code FLOATCHAT_BROADCAST_USERS_URL}). */
    @WithDefault("http://localhost:8081")
    String usersUrl();

    /**
     * The total deadline of one provider call — connecting, the headers and the whole body — after which
     * it is retried (its answer is also read to a bound of bytes).
     */
    @WithDefault("15s")
    Duration providerTimeout();
}
