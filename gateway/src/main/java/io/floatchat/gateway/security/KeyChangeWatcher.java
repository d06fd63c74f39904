package io.floatchat.gateway.security;

import io.floatchat.common.work.SerialRounds;
import io.floatchat.gateway.repository.KeyChangeRepository;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * The slow path of revocation, beside the key events on Kafka: every {@value #POLL_MILLIS} ms this
 * replica reads the key changes of the last few seconds from the database (one indexed query) and
 * drops what it cached of them, so a key revoked through any replica stops here within a second
 * whether or not Kafka is up. A replica that starts has nothing cached, so it misses nothing.
 */
@ApplicationScoped
public class KeyChangeWatcher {

    private static final Logger LOG = Logger.getLogger(KeyChangeWatcher.class);
    static final long POLL_MILLIS = 200;
    /** Wider than a poll and a slow query together: every change is read at least once. */
    static final Duration WINDOW = Duration.ofSeconds(5);
    private static final Duration KEPT = Duration.ofHours(1);
    private static final int POLLS_BETWEEN_PURGES = 300;

    private final KeyChangeRepository changes;
    private final ApiKeyAuthenticator authenticator;
    private final GatewayTokenIssuer tokens;
    private final Vertx vertx;
    private final SerialRounds rounds = new SerialRounds(this::poll,
            failure -> LOG.warnf("reading key changes failed, retrying at the next poll: %s", failure.getMessage()));
    private long timer = -1;
    private int polls;

    public KeyChangeWatcher(KeyChangeRepository changes, ApiKeyAuthenticator authenticator, GatewayTokenIssuer tokens,
                            Vertx vertx) {
        this.changes = changes;
        this.authenticator = authenticator;
        this.tokens = tokens;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(POLL_MILLIS, id -> rounds.wakeUp());
    }

    void stop(@Observes ShutdownEvent event) {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }

    private Uni<Boolean> poll() {
        Uni<Integer> purge = ++polls % POLLS_BETWEEN_PURGES == 0 ? changes.forgetOlderThan(KEPT) : Uni.createFrom().item(0);
        return changes.recent(WINDOW).invoke(recent -> recent.forEach(change -> {
                    if (change.keyId() != null) {
                        authenticator.invalidate(change.keyId());
                        tokens.forget(change.keyId());
                    } else {
                        authenticator.invalidateCustomer(change.customerId());
                    }
                }))
                .call(() -> purge)
                .replaceWith(false);
    }
}
