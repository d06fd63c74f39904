package io.floatchat.common.idempotency;

import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;

/**
 * Every hour, in every service, forgets the idempotency keys and processed events past their time
 * ({@link IdempotencyKeys#forgetExpired}, {@link ProcessedEvents#forgetExpired}): without it both
 * tables grow for ever. Every replica does it; the deletes are the same, so two at once only repeat.
 */
@ApplicationScoped
@IfBuildProperty(name = "floatchat.idempotency.purge.enabled", stringValue = "true", enableIfMissing = true)
public class KeptKeysPurge {

    private static final Logger LOG = Logger.getLogger(KeptKeysPurge.class);
    static final Duration EVERY = Duration.ofHours(1);

    private final IdempotencyKeys keys;
    private final ProcessedEvents events;
    private final Vertx vertx;
    private long timer = -1;

    public KeptKeysPurge(IdempotencyKeys keys, ProcessedEvents events, Vertx vertx) {
        this.keys = keys;
        this.events = events;
        this.vertx = vertx;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(EVERY.toMillis(), id -> purge());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
    }

    private void purge() {
        purgeNow().subscribe().with(
                forgotten -> LOG.debugf("forgot %d expired idempotency keys and processed events", forgotten),
                failure -> LOG.warnf("forgetting expired idempotency keys and processed events failed (tried again in %d min): %s",
                        EVERY.toMinutes(), failure.getMessage()));
    }

    /** One purge now; how many keys and events it forgot. */
    public Uni<Integer> purgeNow() {
        return keys.forgetExpired(System.currentTimeMillis())
                .flatMap(forgotten -> events.forgetExpired().map(processed -> forgotten + processed));
    }
}
