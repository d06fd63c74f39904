package io.floatchat.local;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * One instance of a service that the launcher keeps running: started again on the same port, with
 * the same configuration, when its JVM exits or its liveness stays DOWN (see {@link RestartPolicy}).
 * Every restart, and giving up, is a console line; a planned restart or stop is not a crash.
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
    /** Between a crash and the new JVM being ready (or a planned restart): no second restart meanwhile. */
    private boolean restarting;
    private boolean stopped;
    private boolean gaveUp;
    private long unliveSince = -1;
    private Thread replacing;
    /** The JVM whose liveness is watched: the current one once it has been ready. */
    private ServiceProcess ready;

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
        becameReady(starting);
    }

    /** From now on its liveness counts: a JVM still starting is not live yet, and that is no crash. */
    private synchronized void becameReady(ServiceProcess process) {
        if (process == current) {
            ready = process;
        }
    }

    /** Stops this instance gracefully and starts it again now, whatever the restart budget says. */
    void restart(Duration grace) {
        ServiceProcess old;
        synchronized (this) {
            restarting = true;
            old = current;
        }
        old.stop(grace);
        ServiceProcess fresh = starter.get();
        synchronized (this) {
            current = fresh;
            unliveSince = -1;
            gaveUp = false;
        }
        watchExit(fresh);
        try {
            fresh.awaitReady(READY_TIMEOUT);
            becameReady(fresh);
        } finally {
            synchronized (this) {
                restarting = false;
            }
        }
    }

    /** Stops this instance for good: its exit from now on is not a crash. */
    void stop(Duration grace) {
        Thread inFlight;
        synchronized (this) {
            stopped = true;
            inFlight = replacing;
        }
        livenessChecks.cancel(false);
        current.stop(grace);
        if (inFlight != null && inFlight.isAlive()) {
            // a restart under way: it sees the stop, and stops the JVM it may have started
            inFlight.interrupt();
            try {
                inFlight.join(grace.toMillis() + UNLIVE_STOP_GRACE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            current.stop(grace);
        }
    }

    private void watchExit(ServiceProcess process) {
        process.process().onExit().thenAccept(exited -> {
            synchronized (this) {
                if (stopped || restarting || process != current) {
                    return;
                }
            }
            crashed(process, "stopped unexpectedly (exit code " + process.process().exitValue() + ")", true);
        });
    }

    private void checkLiveness() {
        ServiceProcess watched;
        synchronized (this) {
            if (stopped || restarting || gaveUp || ready != current) {
                return;
            }
            watched = current;
        }
        boolean live = watched.isLive();
        long now = System.nanoTime();
        synchronized (this) {
            if (watched != current || restarting || stopped) {
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
    }

    /** Plans a restart after the backoff, or gives up once the window's restarts are spent. */
    private void crashed(ServiceProcess process, String what, boolean showLog) {
        Duration wait;
        int restart;
        synchronized (this) {
            if (stopped || restarting || process != current) {
                return;
            }
            restarting = true;
            unliveSince = -1;
            long now = System.nanoTime();
            while (!restarts.isEmpty() && now - restarts.peekFirst() > policy.window().toNanos()) {
                restarts.removeFirst();
            }
            if (restarts.size() >= policy.restartsPerWindow()) {
                gaveUp = true;
                restarting = false;
                console.accept("!! " + name + " " + what + ": restarted " + restarts.size() + " times in "
                        + policy.window().toMinutes() + " min, so it stays stopped; its log: " + process.log());
                tail(process, showLog);
                return;
            }
            wait = policy.backoff(restarts.size());
            restarts.addLast(now);
            restart = restarts.size();
        }
        console.accept("!! " + name + " " + what + "; starting it again in " + describe(wait) + " (restart " + restart
                + " of at most " + policy.restartsPerWindow() + " in " + policy.window().toMinutes() + " min); its log: "
                + process.log());
        tail(process, showLog);
        scheduler.schedule(() -> {
            // off the scheduler's threads: stopping a hung JVM and waiting for the new one take seconds
            Thread thread = new Thread(() -> replace(process), "restart-" + name);
            thread.setDaemon(true);
            synchronized (this) {
                if (stopped) {
                    restarting = false;
                    return;
                }
                replacing = thread;
            }
            thread.start();
        }, wait.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void replace(ServiceProcess failed) {
        failed.stop(UNLIVE_STOP_GRACE);
        ServiceProcess fresh;
        synchronized (this) {
            if (stopped) {
                restarting = false;
                return;
            }
        }
        try {
            fresh = starter.get();
        } catch (LaunchException e) {
            synchronized (this) {
                restarting = false;
            }
            console.accept("!! " + name + " could not be started again: " + e.getMessage());
            return;
        }
        boolean stopNow;
        synchronized (this) {
            current = fresh;
            stopNow = stopped;
        }
        if (stopNow) {
            fresh.stop(UNLIVE_STOP_GRACE);
            return;
        }
        watchExit(fresh);
        try {
            fresh.awaitReady(READY_TIMEOUT);
            synchronized (this) {
                restarting = false;
                ready = fresh;
            }
            console.accept("   " + name + " is running again (pid " + fresh.process().pid() + ")");
        } catch (LaunchException notReady) {
            synchronized (this) {
                restarting = false;
            }
            crashed(fresh, "did not start again (" + notReady.getMessage() + ")", true);
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
