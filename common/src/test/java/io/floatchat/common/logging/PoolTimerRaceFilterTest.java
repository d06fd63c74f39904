package io.floatchat.common.logging;

import io.vertx.core.Handler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PoolTimerRaceFilterTest {

    @Test
    void thePoolTimersLateFailureIsDroppedAndEveryOtherFailureGoesOn() {
        List<Throwable> passedOn = new ArrayList<>();
        Handler<Throwable> filter = PoolTimerRaceFilter.dropping(passedOn::add);
        IllegalStateException late = failure("Result is already complete", "io.vertx.sqlclient.impl.pool.SqlConnectionPool");
        IllegalStateException elsewhere = failure("Result is already complete", "io.floatchat.broadcast.service.OutcomeBatcher");
        RuntimeException other = new RuntimeException("a real bug");

        filter.handle(late);
        filter.handle(late);
        filter.handle(elsewhere);
        filter.handle(other);

        assertThat(passedOn).containsExactly(elsewhere, other);
    }

    /** An exception as Vert.x raises it: the message, thrown from a frame of {@code from}. */
    private static IllegalStateException failure(String message, String from) {
        IllegalStateException failure = new IllegalStateException(message);
        failure.setStackTrace(new StackTraceElement[]{
                new StackTraceElement("io.vertx.core.Promise", "fail", "Promise.java", 90),
                new StackTraceElement(from, "lambda$execute$3", "Source.java", 216)});
        return failure;
    }
}
