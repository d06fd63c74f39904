package io.floatchat.trigger.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the flow executor shares this replica among bots, and how long a step and a claim may last. */
@ConfigMapping(prefix = "floatchat.flows")
public interface FlowExecutionConfig {

    /** Runs executing at once on this replica; their webhooks and e-mails are the waits this overlaps. */
    @WithDefault("256")
    int runsInFlight();

    /**
     * Runs of one bot executing at once: a bot whose webhooks are slow fills its own slots and waits for
     * them, while every other bot's runs go on in theirs. A run holds its slot until its result is saved
     * (up to 5 ms later, grouped with others): 16 slots capped one bot at ~1,600 webhook runs/s (bench/trigger).
     */
    @WithDefault("64")
    int runsInFlightPerBot();

    /** Claimed runs this replica holds in memory, waiting for a slot or in one (each renewed every quarter lease). */
    @WithDefault("2000")
    int runsHeld();

    /**
     * Claimed runs of one bot held at most; the executor claims no more of that bot's runs until some
     * end, so a bot's backlog stays in the table, claimable by any replica, instead of in one's memory.
     */
    @WithDefault("200")
    int runsHeldPerBot();

    /**
     * The total deadline of one attempt of a step that calls out: a webhook (connecting, the headers and
     * the whole body) or an SMTP exchange. A step makes at most 3 attempts.
     */
    @WithDefault("5s")
    Duration callTimeout();

    /**
     * A run's claim: renewed every quarter of it while this replica holds the run; a run whose replica
     * died is taken over once it runs out. Must be longer than twice the longest step — 3 x call-timeout
     * plus the retries' backoff (checked at start) — so a live replica's claim never runs out mid-step.
     */
    @WithDefault("2m")
    Duration runLease();
}
