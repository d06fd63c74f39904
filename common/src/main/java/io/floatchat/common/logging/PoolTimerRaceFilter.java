package io.floatchat.common.logging;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps one known, meaningless failure of the reactive SQL client out of the logs: when the database
 * is unreachable, a pool query's connection-timeout timer is left running after the query has
 * already failed, and fires into its finished promise (eclipse-vertx/vertx-sql-client#1706). Each
 * is an "uncaught exception" with a stack trace at ERROR — hundreds of them half a minute into a
 * database outage (DependencyOutageE2ETest), while the queries' callers saw, logged and retried the
 * real failure. Those are counted and logged once a minute at most, in one line; every other
 * uncaught failure still goes to the handler Quarkus installed.
 */
@ApplicationScoped
public class PoolTimerRaceFilter {

    private static final Logger LOG = Logger.getLogger(PoolTimerRaceFilter.class);
    private static final long REPORT_EVERY_NANOS = 60_000_000_000L;

    void install(@Observes StartupEvent event, Vertx vertx) {
        vertx.exceptionHandler(dropping(vertx.exceptionHandler()));
    }

    /** {@code next}, but for the pool timer's late failure; with no {@code next}, other failures are logged here. */
    static Handler<Throwable> dropping(Handler<Throwable> next) {
        AtomicLong dropped = new AtomicLong();
        AtomicLong lastReport = new AtomicLong(System.nanoTime() - REPORT_EVERY_NANOS);
        return failure -> {
            if (!isPoolTimerFiringLate(failure)) {
                if (next != null) {
                    next.handle(failure);
                } else {
                    LOG.errorf("uncaught failure on an event loop: %s", failure);
                }
                return;
            }
            long count = dropped.incrementAndGet();
            long now = System.nanoTime();
            long last = lastReport.get();
            if (now - last >= REPORT_EVERY_NANOS && lastReport.compareAndSet(last, now)) {
                LOG.infof("database pool: %d timeouts fired for queries that had already failed (harmless; "
                        + "vertx-sql-client#1706)", count);
            }
        };
    }

    static boolean isPoolTimerFiringLate(Throwable failure) {
        if (!(failure instanceof IllegalStateException) || !"Result is already complete".equals(failure.getMessage())) {
            return false;
        }
        for (StackTraceElement frame : failure.getStackTrace()) {
            if (frame.getClassName().equals("io.vertx.sqlclient.impl.pool.SqlConnectionPool")) {
                return true;
            }
        }
        return false;
    }
}
