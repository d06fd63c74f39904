package io.floatchat.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One instance of a service that the launcher keeps running: started again on the same port, with
 * the same configuration, when its JVM exits or its liveness stays DOWN (see {@link RestartPolicy}).
 * Every restart, and giving up, is a console line; a planned restart or stop is not a crash.
 *
 * <p>One replacement at a time: a crash plans one (after its backoff), a planned {@link #restart}
 * takes its place, and each plan carries the generation it was made in, so a plan overtaken by
 * another, or by {@link #stop}, starts nothing.
 */
final class SupervisedService {

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration UNLIVE_STOP_GRACE = Duration.ofSeconds(10);
    private static final int LOG_LINES_SHOWN = 15;

    private final String name;
    private final Supplier<ServiceProcess> starter;
    private final RestartPolicy policy;
    private final Consumer<String> console;
    private final ScheduledExecutorService scheduler;
    /** When the restarts of the current window happened (nanoTime), oldest first. */
    private final Deque<Long> restarts = new ArrayDeque<>();
    private final ScheduledFuture<?> livenessChecks;
    private volatile ServiceProcess current;
    /** The JVM whose liveness is watched: the current one once it has been ready (one still starting is not live yet). */
    private ServiceProcess ready;
    /** Bumped by every replacement planned or begun and by stop: an older plan finds it changed and does nothing. */
    private long generation;
    /** A replacement is planned or under way: nothing else plans one meanwhile. */
    private boolean replacing;
    private ScheduledFuture<?> planned;
    private Thread replacer;
    private boolean stopped;
    private boolean gaveUp;
    private long unliveSince = -1;

    private SupervisedService(String name, Supplier<ServiceProcess> starter, RestartPolicy policy,
                              Consumer<String> console, ScheduledExecutorService scheduler) {
        this.name = name;
        this.starter = starter;
        this.policy = policy;
        this.console = console;
        this.scheduler = scheduler;
        this.current = starter.get();
        watchExit(current);
        this.livenessChecks = scheduler.scheduleWithFixedDelay(this::checkLiveness, policy.checkEvery().toMillis(),
                policy.checkEvery().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the first JVM (not waiting for it to be ready) and watches it from then on. */
    static SupervisedService start(String name, Supplier<ServiceProcess> starter, RestartPolicy policy,
                                   Consumer<String> console, ScheduledExecutorService scheduler) {
        return new SupervisedService(name, starter, policy, console, scheduler);
    }

    /** The JVM running this instance now: after a restart, a new one. */
    ServiceProcess current() {
        return current;
    }

    void awaitReady() {
        ServiceProcess starting = current;
        starting.awaitReady(READY_TIMEOUT);
        synchronized (this) {
            if (starting == current) {
                ready = starting;
            }
        }
    }

    /**
     * Stops this instance gracefully and starts it again now, whatever the restart budget says,
     * in place of any restart a crash had planned; returns once the new JVM is ready.
     */
    void restart(Duration grace) {
        ScheduledFuture<?> overtaken;
        Thread underWay;
        synchronized (this) {
            if (stopped) {
                return;
            }
            generation++;
            overtaken = planned;
            underWay = replacer;
        }
        if (overtaken != null) {
            overtaken.cancel(false);
        }
        awaitEnd(underWay, READY_TIMEOUT.plus(grace));
        long mine;
        ServiceProcess old;
        synchronized (this) {
            if (stopped) {
                return;
            }
            mine = ++generation;
            replacing = true;
            planned = null;
            replacer = Thread.currentThread();
            gaveUp = false;
            old = current;
        }
        if (!replace(old, grace, mine) && !isStopped()) {
            throw new LaunchException(name + " did not start again; see " + current.log() + ".");
        }
    }

    private synchronized boolean isStopped() {
        return stopped;
    }

    /** Stops this instance for good: its exit from now on is not a crash, and no planned restart happens. */
    void stop(Duration grace) {
        Thread underWay;
        ScheduledFuture<?> overtaken;
        synchronized (this) {
            stopped = true;
            generation++;
            underWay = replacer == Thread.currentThread() ? null : replacer;
            overtaken = planned;
        }
        livenessChecks.cancel(false);
        if (overtaken != null) {
            overtaken.cancel(false);
        }
        if (underWay != null) {
            // it sees the stop, and stops the JVM it may have started
            underWay.interrupt();
            awaitEnd(underWay, grace.plus(UNLIVE_STOP_GRACE));
        }
        current.stop(grace);
    }

    private void watchExit(ServiceProcess process) {
        process.process().onExit().thenAccept(exited -> {
            synchronized (this) {
                if (stopped || replacing || gaveUp || process != current) {
                    return;
                }
            }
            crashed(process, "stopped unexpectedly (exit code " + process.process().exitValue() + ")", true);
        });
    }

    private void checkLiveness() {
        try {
            ServiceProcess watched;
            synchronized (this) {
                if (stopped || replacing || gaveUp || ready != current) {
                    return;
                }
                watched = current;
            }
            boolean live = watched.isLive();
            long now = System.nanoTime();
            synchronized (this) {
                if (watched != current || replacing || stopped) {
                    return;
                }
                if (live || !watched.process().isAlive()) {
                    unliveSince = -1; // an exit is the exit watcher's to report
                    return;
                }
                if (unliveSince < 0) {
                    unliveSince = now;
                    return;
                }
                if (now - unliveSince < policy.livenessGrace().toNanos()) {
                    return;
                }
            }
            crashed(watched, "was not live for " + policy.livenessGrace().toSeconds() + " s", false);
        } catch (RuntimeException e) {
            // a periodic task that throws is never run again: this check must outlive any one failure
            console.accept("!! " + name + ": its liveness could not be checked: " + e);
        }
    }

    /** Plans a restart after the backoff, or gives up (stopping the JVM) once the window's restarts are spent. */
    private void crashed(ServiceProcess process, String what, boolean showLog) {
        synchronized (this) {
            if (stopped || replacing || gaveUp || process != current) {
                return;
            }
            unliveSince = -1;
            long now = System.nanoTime();
            while (!restarts.isEmpty() && now - restarts.peekFirst() > policy.window().toNanos()) {
                restarts.removeFirst();
            }
            if (restarts.size() >= policy.restartsPerWindow()) {
                gaveUp = true;
            } else {
                replacing = true;
                long mine = ++generation;
                Duration wait = policy.backoff(restarts.size());
                restarts.addLast(now);
                int restart = restarts.size();
                console.accept("!! " + name + " " + what + "; starting it again in " + describe(wait) + " (restart "
                        + restart + " of at most " + policy.restartsPerWindow() + " in " + policy.window().toMinutes()
                        + " min); its log: " + process.log());
                tail(process, showLog);
                try {
                    planned = scheduler.schedule(() -> replaceLater(process, mine), wait.toMillis(), TimeUnit.MILLISECONDS);
                } catch (RejectedExecutionException closing) {
                    replacing = false; // the platform is closing
                }
                return;
            }
        }
        console.accept("!! " + name + " " + what + ": restarted " + policy.restartsPerWindow() + " times in "
                + policy.window().toMinutes() + " min, so it stays stopped; its log: " + process.log());
        tail(process, showLog);
        // an unlive JVM may still be running (and holding the port): stopped, as the line says
        Thread stopping = new Thread(() -> process.stop(UNLIVE_STOP_GRACE), "stop-" + name);
        stopping.setDaemon(true);
        stopping.start();
    }

    /** The planned restart, off the scheduler's threads: stopping a hung JVM and waiting for the new one take seconds. */
    private void replaceLater(ServiceProcess failed, long plannedIn) {
        Thread thread = new Thread(() -> {
            if (replace(failed, UNLIVE_STOP_GRACE, plannedIn)) {
                console.accept("   " + name + " is running again (pid " + current.process().pid() + ")");
            }
        }, "restart-" + name);
        thread.setDaemon(true);
        synchronized (this) {
            if (generation != plannedIn) {
                return;
            }
            planned = null;
            replacer = thread;
        }
        thread.start();
    }

    /**
     * Replaces {@code old} by a new JVM, unless a later plan or a stop overtook this one
     * ({@code plannedIn} is its generation); true once the new JVM is ready.
     */
    private boolean replace(ServiceProcess old, Duration grace, long plannedIn) {
        try {
            old.stop(grace);
            if (overtaken(plannedIn)) {
                return false;
            }
            ServiceProcess fresh = starter.get();
            synchronized (this) {
                if (generation == plannedIn) {
                    current = fresh;
                    ready = null;
                }
            }
            if (current != fresh) {
                fresh.stop(grace);
                return false;
            }
            watchExit(fresh);
            try {
                fresh.awaitReady(READY_TIMEOUT);
            } catch (LaunchException notReady) {
                endReplacing(plannedIn);
                crashed(fresh, "did not start again (" + notReady.getMessage() + ")", true);
                return false;
            }
            synchronized (this) {
                if (fresh == current) {
                    ready = fresh;
                }
            }
            return true;
        } catch (RuntimeException e) {
            console.accept("!! " + name + " could not be started again: " + e.getMessage());
            return false;
        } finally {
            endReplacing(plannedIn);
        }
    }

    private synchronized boolean overtaken(long plannedIn) {
        return generation != plannedIn;
    }

    /** This replacement is over: another may be planned (unless a later one already is), and stop need not wait for it. */
    private synchronized void endReplacing(long plannedIn) {
        if (generation == plannedIn) {
            replacing = false;
        }
        if (replacer == Thread.currentThread()) {
            replacer = null;
        }
    }

    private static void awaitEnd(Thread thread, Duration timeout) {
        if (thread == null || thread == Thread.currentThread()) {
            return;
        }
        try {
            thread.join(timeout.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void tail(ServiceProcess process, boolean showLog) {
        if (showLog) {
            process.tailOfLog(LOG_LINES_SHOWN).forEach(line -> console.accept("   | " + line));
        }
    }

    private static String describe(Duration wait) {
        return wait.toMillis() % 1000 == 0 ? wait.toSeconds() + " s" : wait.toMillis() + " ms";
    }
}
