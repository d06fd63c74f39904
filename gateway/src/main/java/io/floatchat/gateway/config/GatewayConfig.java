package io.floatchat.gateway.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

@ConfigMapping(prefix = "floatchat")
public interface GatewayConfig {

    /** The operator token for {@code /admin/v1} ({@code FLOATCHAT_ADMIN_TOKEN}); the operator API is closed without it. */
    Optional<String> adminToken();

    Upstream upstream();

    RateLimit rateLimit();

    KeyCache keyCache();

    Jwt jwt();

    Proxy proxy();

    Tenants tenants();

    /**
     * The gateway owns customers and bots and announces them; it keeps no copy of the announcements
     * (common's TenantRegistry is left out of its build: {@code floatchat.tenants.registry.enabled=false}).
     */
    interface Tenants {
        Registry registry();

        interface Registry {
            @WithDefault("false")
            boolean enabled();
        }
    }

    /** Base URLs of the services ({@code FLOATCHAT_UPSTREAM_USERS}, ...). */
    interface Upstream {
        @WithDefault("http://localhost:8081")
        String users();

        @WithDefault("http://localhost:8082")
        String conversations();

        @WithDefault("http://localhost:8083")
        String broadcast();

        @WithDefault("http://localhost:8084")
        String trigger();
    }

    /** Token bucket per API key; a key's own limit overrides the default. */
    interface RateLimit {
        /** Sustained requests per second per key. */
        @WithDefault("50")
        int perSecond();

        /** Bucket size: how many requests a key may send at once. */
        @WithDefault("100")
        int burst();

        /**
         * Requests per second per client address without a valid key — also what a key the gateway
         * does not hold in memory spends before it is looked up, so unknown keys cannot make it query
         * the database faster than this.
         */
        @WithDefault("20")
        int anonymousPerSecond();

        /**
         * Webhook requests per second per bot (no API key; each is signed). Meta sends a status per
         * message: a bot sending 1,000 a second gets up to 3,000 statuses a second, so this is high;
         * Meta retries what is refused.
         */
        @WithDefault("3000")
        int webhookPerBotPerSecond();

        /** Webhook requests per second per client address. */
        @WithDefault("1000")
        int webhookPerAddressPerSecond();
    }

    interface KeyCache {
        /** Safety net behind the revocation events: a cached key is re-read at least this often. */
        @WithDefault("30s")
        Duration ttl();

        @WithDefault("100000")
        long maxSize();

        /** How often the in-memory last-used times are written, in one statement. */
        @WithDefault("30s")
        Duration lastUsedFlushInterval();
    }

    interface Jwt {
        /** Lifetime of the token the gateway signs for the services (at most 60 s). */
        @WithDefault("60s")
        Duration lifetime();

        /** A minted token is reused for this long, then a fresh one is signed. */
        @WithDefault("30s")
        Duration reuse();
    }

    interface Proxy {
        @WithDefault("2s")
        Duration connectTimeout();

        /** An upstream that does not answer within this is reported as 503. */
        @WithDefault("30s")
        Duration requestTimeout();

        /** Largest body the public API takes, except uploads. */
        @WithDefault("1M")
        io.quarkus.runtime.configuration.MemorySize maxBodySize();

        /** Largest body of the External Broadcast API (a 10 MB CSV plus the multipart framing). */
        @WithDefault("11M")
        io.quarkus.runtime.configuration.MemorySize maxUploadSize();

        /** Keep-alive connections to one service, per event loop (each loop has its own pool). */
        @WithDefault("500")
        int maxConnectionsPerService();
    }
}
