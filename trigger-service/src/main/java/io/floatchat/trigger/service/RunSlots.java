package io.floatchat.trigger.service;

import io.floatchat.trigger.repository.RunRepository.FlowRun;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The claimed runs this executor holds, and which of them may start: one user's runs one after
 * another, in the order they were offered (their attribute changes must land in that order); at most
 * {@code perBot} runs of one bot at once and {@code total} in all. A run waits here until both allow
 * it; a bot that has filled its slots waits on its own, and the next run to start is taken bot by bot
 * in turn, so a bot with a long queue does not delay one with a short one.
 */
final class RunSlots {

    private final int total;
    private final int perBot;
    private final Map<String, Bot> bots = new HashMap<>();
    /** Bots with a run that could start now, each once, in turn. */
    private final Deque<Bot> startable = new ArrayDeque<>();
    private int inFlight;
    private int held;

    RunSlots(int total, int perBot) {
        this.total = total;
        this.perBot = perBot;
    }

    /** Holds the run; it starts (through {@code start}) as soon as its user, its bot and this executor allow. */
    void offer(FlowRun run, Consumer<FlowRun> start) {
        List<FlowRun> starting;
        synchronized (this) {
            Bot bot = bots.computeIfAbsent(run.botKey(), Bot::new);
            User user = bot.users.computeIfAbsent(userOf(run), User::new);
            user.runs.add(run);
            bot.held++;
            held++;
            if (user.runs.size() == 1) {
                bot.ready.add(user);
                makeStartable(bot);
            }
            starting = takeStartable();
        }
        starting.forEach(start);
    }

    /** The run ended (finished, failed, or given up): its slot goes to the next run that may start. */
    void ended(FlowRun run, Consumer<FlowRun> start) {
        List<FlowRun> starting;
        synchronized (this) {
            Bot bot = bots.get(run.botKey());
            User user = bot.users.get(userOf(run));
            user.runs.removeFirst();
            user.running = false;
            bot.inFlight--;
            bot.held--;
            inFlight--;
            held--;
            if (user.runs.isEmpty()) {
                bot.users.remove(user.key);
            } else {
                bot.ready.add(user);
            }
            if (bot.users.isEmpty()) {
                bots.remove(bot.key);
            } else {
                makeStartable(bot);
            }
            starting = takeStartable();
        }
        starting.forEach(start);
    }

    /**
     * Runs that have not started whose {@link FlowRun#claimKey()} is in {@code lost} (that claim is no longer this executor's)
     * are dropped; a run in flight is left to end, its result refused when it is recorded. The number dropped.
     */
    synchronized int forget(Set<String> lost) {
        return dropWaiting(run -> lost.contains(run.claimKey())).size();
    }

    /** Every run that has not started, taken out (a stopping executor gives them back): none starts after this. */
    synchronized List<FlowRun> drainWaiting() {
        return dropWaiting(run -> true);
    }

    private List<FlowRun> dropWaiting(Predicate<FlowRun> drop) {
        List<FlowRun> dropped = new ArrayList<>();
        for (Bot bot : new ArrayList<>(bots.values())) {
            for (User user : new ArrayList<>(bot.users.values())) {
                FlowRun running = user.running ? user.runs.pollFirst() : null;
                user.runs.removeIf(run -> drop.test(run) && dropped.add(run));
                if (running != null) {
                    user.runs.addFirst(running);
                }
                if (user.runs.isEmpty()) {
                    bot.ready.remove(user);
                    bot.users.remove(user.key);
                }
            }
            if (bot.users.isEmpty()) {
                bots.remove(bot.key);
                startable.remove(bot);
            }
        }
        dropped.forEach(run -> {
            Bot bot = bots.get(run.botKey());
            if (bot != null) {
                bot.held--;
            }
        });
        held -= dropped.size();
        return dropped;
    }

    /** Every run held, in flight or waiting (their leases are renewed). */
    synchronized List<FlowRun> held() {
        List<FlowRun> all = new ArrayList<>(held);
        bots.values().forEach(bot -> bot.users.values().forEach(user -> all.addAll(user.runs)));
        return all;
    }

    synchronized int heldCount() {
        return held;
    }

    synchronized int inFlight() {
        return inFlight;
    }

    synchronized int inFlight(String botKey) {
        Bot bot = bots.get(botKey);
        return bot == null ? 0 : bot.inFlight;
    }

    /** Bots of which this executor holds {@code atLeast} runs. */
    synchronized Collection<String> botsHolding(int atLeast) {
        Set<String> full = new HashSet<>();
        bots.values().forEach(bot -> {
            if (bot.held >= atLeast) {
                full.add(bot.key);
            }
        });
        return full;
    }

    private void makeStartable(Bot bot) {
        if (!bot.startable && !bot.ready.isEmpty() && bot.inFlight < perBot) {
            bot.startable = true;
            startable.add(bot);
        }
    }

    private List<FlowRun> takeStartable() {
        List<FlowRun> starting = new ArrayList<>();
        while (inFlight < total && !startable.isEmpty()) {
            Bot bot = startable.poll();
            bot.startable = false;
            User user = bot.ready.poll();
            if (user == null || user.runs.isEmpty()) {
                makeStartable(bot);
                continue;
            }
            user.running = true;
            bot.inFlight++;
            inFlight++;
            starting.add(user.runs.peekFirst());
            makeStartable(bot);
        }
        return starting;
    }

    /** Runs without a user (e-mail and webhook flows triggered for no one) are each their own "user". */
    private static String userOf(FlowRun run) {
        return run.userId() == null ? "run:" + run.id() : run.userId();
    }

    private static final class Bot {
        final String key;
        final Map<String, User> users = new HashMap<>();
        final Deque<User> ready = new ArrayDeque<>();
        int inFlight;
        int held;
        boolean startable;

        Bot(String key) {
            this.key = key;
        }
    }

    private static final class User {
        final String key;
        final Deque<FlowRun> runs = new ArrayDeque<>();
        boolean running;

        User(String key) {
            this.key = key;
        }
    }
}
