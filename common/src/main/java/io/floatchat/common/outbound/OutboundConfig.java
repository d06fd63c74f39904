package io.floatchat.common.outbound;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The outbound guard's settings, the same in every service. */
@ConfigMapping(prefix = "floatchat.outbound")
public interface OutboundConfig {

    /**
     * {@code FLOATCHAT_OUTBOUND_ALLOW_PRIVATE_NETWORKS}: lets tenant-aimed calls reach loopback and
     * private ranges, and plain {@code http} — for local use and tests, never in production.
     * Link-local and the other forbidden ranges stay refused. The old name
     * {@code FLOATCHAT_WEBHOOKS_ALLOW_PRIVATE_NETWORKS} is read when this one is not set.
     */
    @WithDefault("${floatchat.webhooks.allow-private-networks:false}")
    boolean allowPrivateNetworks();

    /**
     * How long a host's vetted addresses are reused before the name is resolved (and vetted) again —
     * in the background, the known addresses used meanwhile (for at most ten times this).
     */
    @WithDefault("30s")
    Duration resolvedAddressTtl();
}
