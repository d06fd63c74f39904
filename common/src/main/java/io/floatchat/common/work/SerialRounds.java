package io.floatchat.common.work;

import io.smallrye.mutiny.Uni;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Runs rounds of background work one at a time, however often it is woken (a timer tick, a commit
 * that has something to publish): a wake-up during a round means one more round after it, and a
 * round that reports a full batch is followed at once by the next. A failed round is reported and
 * left to the next wake-up.
 */
public final class SerialRounds {

    private final Supplier<Uni<Boolean>> round;
    private final Consumer<Throwable> onFailure;
    private final AtomicBoolean running = new AtomicBoolean();
    private final AtomicBoolean again = new AtomicBoolean();

    /** @param round one round; its item says whether there is more to do right away */
    public SerialRounds(Supplier<Uni<Boolean>> round, Consumer<Throwable> onFailure) {
        this.round = round;
        this.onFailure = onFailure;
    }

    public void wakeUp() {
        if (!running.compareAndSet(false, true)) {
            again.set(true);
            return;
        }
        Uni.createFrom().deferred(round::get).subscribe().with(more -> {
            running.set(false);
            if (Boolean.TRUE.equals(more) | again.getAndSet(false)) {
                wakeUp();
            }
        }, failure -> {
            running.set(false);
            onFailure.accept(failure);
        });
    }
}
