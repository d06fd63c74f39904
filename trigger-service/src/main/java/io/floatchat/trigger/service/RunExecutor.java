package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.events.BroadcastRequestEvent;
import io.floatchat.common.events.Topics;
import io.floatchat.common.events.UserAttributesEvent;
import io.floatchat.common.outbox.Outbox;
import io.floatchat.common.text.UserPlaceholders;
import io.floatchat.common.work.SerialRounds;
import io.floatchat.trigger.client.EmailSender;
import io.floatchat.trigger.client.StepOutcome;
import io.floatchat.trigger.client.WebhookCaller;
import io.floatchat.trigger.repository.WebhookSecretRepository;
import io.floatchat.trigger.repository.RunRepository;
import io.floatchat.trigger.repository.RunRepository.FinishedRun;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Executes persisted runs, step by step in order: a false {@code when} marks a step SKIPPED; a step
 * that fails fails the run. Each step's effect (its event, through the outbox) and its recorded
 * status are one transaction, so a run resumed after a restart neither repeats nor loses a step.
 */
@ApplicationScoped
public class RunExecutor {

    private static final Logger LOG = Logger.getLogger(RunExecutor.class);
    private static final int BATCH = 100;
    /** Users whose runs execute at once; their webhooks and e-mails are the waits this overlaps. */
    private static final int CONCURRENT_USERS = 16;
    /** A run claimed longer ago than this by an executor that stopped is taken over. */
    private static final Duration STALE_CLAIM = Duration.ofMinutes(2);
    private static final Duration POLL = Duration.ofMillis(250);
    /** API runs waiting in memory at most: about half a second of this executor's work... */
    private static final int HANDED_OFF_RUNS = 1_000;
    /** ...and at most this many characters of their attributes (a trigger body may hold 256 KB). */
    private static final long HANDED_OFF_CHARS = 4_000_000;
    /** The largest body a call_webhook step sends: a run's attributes arrive in a body of at most 256 KB. */
    static final int MAX_WEBHOOK_BODY = 256 * 1024;

    private final Pool pool;
    private final Vertx vertx;
    private final RunRepository runs;
    private final Outbox outbox;
    private final ObjectMapper objectMapper;
    private final EmailSender email;
    private final WebhookCaller webhooks;
    private final WebhookSecretRepository secrets;
    private final SerialRounds rounds = new SerialRounds(this::executeRound,
            failure -> LOG.warnf("executing flow runs failed, retrying at the next tick: %s", failure.getMessage()));
    private final HandedOffRuns handedOff = new HandedOffRuns(HANDED_OFF_RUNS, HANDED_OFF_CHARS);
    private long timer = -1;

    private final FlowRunMetrics metrics;

    public RunExecutor(Pool pool, Vertx vertx, RunRepository runs, Outbox outbox, ObjectMapper objectMapper,
                       EmailSender email, WebhookCaller webhooks, WebhookSecretRepository secrets, FlowRunMetrics metrics) {
        this.metrics = metrics;
        this.pool = pool;
        this.email = email;
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.vertx = vertx;
        this.runs = runs;
        this.outbox = outbox;
        this.objectMapper = objectMapper;
    }

    void start(@Observes StartupEvent event) {
        timer = vertx.setPeriodic(POLL.toMillis(), id -> wakeUp());
    }

    void stop(@Observes ShutdownEvent event) {
        vertx.cancelTimer(timer);
        releaseHandedOff().ifNoItem().after(Duration.ofSeconds(5)).fail()
                .onFailure().invoke(failure -> LOG.warnf(
                        "flow runs waiting in memory stay claimed until their claim is stale: %s", failure.getMessage()))
                .onFailure().recoverWithNull()
                .await().indefinitely();
    }

    /** Runs were stored for any executor to claim. */
    public void wakeUp() {
        rounds.wakeUp();
    }

    /**
     * Asks for a place in memory for an API run about to be stored: store it claimed when the answer
     * {@link HandOff#claimed()}, unclaimed (for the table) otherwise; either way, report the insert's
     * outcome to {@link HandOff#stored}.
     */
    public HandOff reserveHandOff(int attributesChars) {
        return new HandOff(handedOff.reserve(attributesChars), attributesChars);
    }

    /** One API run's place in memory, or the answer that there was none. */
    public final class HandOff {

        private final boolean claimed;
        private final int attributesChars;

        private HandOff(boolean claimed, int attributesChars) {
            this.claimed = claimed;
            this.attributesChars = attributesChars;
        }

        public boolean claimed() {
            return claimed;
        }

        /** @param run the stored run, or null when none was stored (unknown flow, failure, cancelled request) */
        public void stored(FlowRun run) {
            if (claimed && run == null) {
                handedOff.cancel(attributesChars);
                return;
            }
            if (claimed) {
                handedOff.add(run, attributesChars);
            }
            if (run != null) {
                rounds.wakeUp();
            }
        }
    }

    /** Runs waiting in memory go back to the table, so a restart does not wait for their claims to go stale. */
    Uni<Void> releaseHandedOff() {
        List<String> waiting = handedOff.drain().stream().map(FlowRun::id).toList();
        return waiting.isEmpty() ? Uni.createFrom().voidItem() : runs.release(waiting);
    }

    /**
     * Claims a batch from the table, takes the runs handed over in memory and executes them: one
     * user's runs one after another, in the order they were triggered (their attribute changes must
     * land in that order), different users' runs at once. While the table holds more than a batch,
     * only runs handed over no later than the last one claimed are taken, so the order holds across
     * both. A full batch, or runs left waiting, means there is more to do right away.
     */
    Uni<Boolean> executeRound() {
        long now = System.currentTimeMillis();
        return runs.claim(now, now - STALE_CLAIM.toMillis(), BATCH).flatMap(claimed -> {
            boolean tableFull = claimed.size() == BATCH;
            long horizon = tableFull ? claimed.stream().mapToLong(FlowRun::createdAt).max().orElseThrow() : Long.MAX_VALUE;
            HandedOffRuns.Taken taken = handedOff.take(horizon, BATCH, now - STALE_CLAIM.toMillis() / 2);
            if (taken.abandoned() > 0) {
                LOG.warnf("%d flow runs waited over %ds in memory: left to the takeover of stale claims", taken.abandoned(),
                        STALE_CLAIM.toSeconds() / 2);
            }
            List<FlowRun> round = new ArrayList<>(claimed);
            round.addAll(taken.runs());
            Queue<FinishedRun> finished = new ConcurrentLinkedQueue<>();
            return Multi.createFrom().iterable(byUser(round))
                    .onItem().transformToUni(runsOfOneUser -> executeInOrder(runsOfOneUser, finished)).merge(CONCURRENT_USERS)
                    .collect().asList()
                    .flatMap(executed -> record(finished))
                    .replaceWith(tableFull || taken.more());
        });
    }

    private static Collection<List<FlowRun>> byUser(List<FlowRun> claimed) {
        Map<String, List<FlowRun>> byUser = new LinkedHashMap<>();
        claimed.stream().sorted(Comparator.comparingLong(FlowRun::createdAt)).forEach(run -> byUser
                .computeIfAbsent(run.userId() == null ? run.id() : run.botKey() + "/" + run.userId(), user -> new ArrayList<>())
                .add(run));
        return byUser.values();
    }

    /**
     * A failure (the database, mid-run) stops this user's remaining runs, which are taken over once
     * their claim is stale; the other users' runs go on, and the round's finished runs are recorded.
     */
    private Uni<Void> executeInOrder(List<FlowRun> runsOfOneUser, Queue<FinishedRun> finished) {
        return Multi.createFrom().iterable(runsOfOneUser)
                .onItem().transformToUniAndConcatenate(run -> execute(run, finished))
                .collect().asList().replaceWithVoid()
                .onFailure().recoverWithUni(failure -> {
                    // the run id, not the user id (a phone number): logs carry no personal data
                    LOG.warnf("flow runs of the user of run %s stopped, resumed when their claim is stale: %s",
                            runsOfOneUser.get(0).id(), failure.getMessage());
                    return Uni.createFrom().voidItem();
                });
    }

    /**
     * The round's finished runs recorded in one statement instead of a commit each. A crash before
     * it leaves them claimed: they are taken over and their last step runs again (at least once).
     */
    private Uni<Void> record(Queue<FinishedRun> finished) {
        if (finished.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<FinishedRun> all = List.copyOf(finished);
        return runs.finish(all).invoke(() -> all.forEach(run -> reportFinished(run.run(), run.status())));
    }

    private Uni<Void> execute(FlowRun run, Queue<FinishedRun> finished) {
        ArrayNode done = run.steps() == null || !run.steps().isArray() ? objectMapper.createArrayNode() : (ArrayNode) run.steps();
        JsonNode steps = run.definition().path("steps");
        return nextStep(run, steps, done.deepCopy(), done.size(), finished);
    }

    private Uni<Void> nextStep(FlowRun run, JsonNode steps, ArrayNode done, int index, Queue<FinishedRun> finished) {
        if (index >= steps.size()) {
            return finish(run, done, "SUCCEEDED", finished);
        }
        JsonNode step = steps.get(index);
        String action = step.path("action").asText();
        if (!StepConditions.holds(step.path("when"), run.attributes())) {
            done.add(result(action, "SKIPPED", 0, null));
            return save(run, done, "RUNNING").flatMap(saved -> nextStep(run, steps, done, index + 1, finished));
        }
        if (run.userId() == null && !"send_email".equals(action) && !"call_webhook".equals(action)) {
            done.add(result(action, "FAILED", 1, "this step needs the run's userId"));
            return finish(run, done, "FAILED", finished);
        }
        if ("send_email".equals(action) || "call_webhook".equals(action)) {
            Uni<StepOutcome> outcome = "send_email".equals(action) ? email.send(step, run.attributes()) : callWebhook(run, step);
            return outcome.flatMap(sent -> {
                String problem = sent.problem();
                done.add(result(action, problem == null ? "SUCCEEDED" : "FAILED", sent.attempts(), problem));
                if (problem != null) {
                    return finish(run, done, "FAILED", finished);
                }
                return index + 1 == steps.size() ? finish(run, done, "SUCCEEDED", finished)
                        : save(run, done, "RUNNING").flatMap(saved -> nextStep(run, steps, done, index + 1, finished));
            });
        }
        long now = System.currentTimeMillis();
        String eventId = run.id() + "-" + (index + 1);
        // in a flow, {{user.*}} is the run's own attributes
        JsonNode message = "send_message".equals(action)
                ? UserPlaceholders.personalise(step.path("message"), UserPlaceholders.profileOf(run.attributes())) : null;
        String tooLarge = message == null ? null : tooLarge(message);
        if (tooLarge != null) {
            done.add(result(action, "FAILED", 0, tooLarge));
            return finish(run, done, "FAILED", finished);
        }
        Object event = switch (action) {
            case "set_attributes" -> new UserAttributesEvent(eventId, run.customerId(), run.botKey(), run.userId(), null, null,
                    objectMapper.convertValue(step.path("attributes"), Map.class), now);
            case "send_message" -> new BroadcastRequestEvent(eventId, run.customerId(), run.botKey(),
                    step.path("channel").asText(), List.of(run.userId()), message, run.flowKey(), run.id(), now);
            default -> null;
        };
        if (event == null) {
            done.add(result(action, "FAILED", 1, action + " is not available on this platform yet"));
            return finish(run, done, "FAILED", finished);
        }
        String topic = event instanceof UserAttributesEvent ? Topics.USER_ATTRIBUTES : Topics.BROADCAST_REQUESTS;
        String key = event instanceof UserAttributesEvent ? Topics.userKey(run.botKey(), run.userId()) : run.botKey();
        done.add(result(action, "SUCCEEDED", 1, null));
        boolean last = index + 1 == steps.size();
        return pool.withTransaction(transaction -> outbox.append(transaction, topic, key, event)
                        .flatMap(appended -> runs.progress(transaction, run.id(), done, last ? "SUCCEEDED" : "RUNNING",
                                last ? now : null, now)))
                .flatMap(saved -> {
                    // only a step that appended an event wakes the relay: a webhook-only run costs it no poll
                    outbox.publishSoon();
                    if (last) {
                        reportFinished(run, "SUCCEEDED");
                        return Uni.createFrom().voidItem();
                    }
                    return nextStep(run, steps, done, index + 1, finished);
                });
    }

    /** Why a filled-in message cannot be sent (the bounds every broadcast message has), or null. */
    private static String tooLarge(JsonNode message) {
        int bytes = InputBounds.jsonBytes(message);
        if (bytes > InputBounds.MESSAGE_JSON_BYTES) {
            return "the message would be " + bytes + " bytes as JSON once filled in, over the "
                    + InputBounds.MESSAGE_JSON_BYTES + " a message may have";
        }
        int text = message.path("text").asText("").length();
        return text > InputBounds.MESSAGE_TEXT_CHARS ? "the text would be " + text + " characters once filled in, over the "
                + InputBounds.MESSAGE_TEXT_CHARS + " a message may have" : null;
    }

    /** The run as the receiver sees it: flow key, run id, user id and attributes. */
    private Uni<StepOutcome> callWebhook(FlowRun run, JsonNode step) {
        ObjectNode body = objectMapper.createObjectNode().put("flowKey", run.flowKey()).put("runId", run.id())
                .put("userId", run.userId());
        body.set("attributes", run.attributes());
        String json = body.toString();
        if (json.length() > MAX_WEBHOOK_BODY) {
            return Uni.createFrom().item(new StepOutcome(0, "the webhook body would be " + json.length()
                    + " characters, over the " + MAX_WEBHOOK_BODY + " a call_webhook step sends"));
        }
        return secrets.signingSecretsOf(run.customerId(), run.botKey()).flatMap(signing -> signing == null
                ? Uni.createFrom().item(new StepOutcome(0, "the bot's signing secret belongs to another customer"))
                : webhooks.call(step.path("url").asText(), step.path("method").asText("POST"), json, signing));
    }

    /** One statement, so no transaction around it (two round trips fewer per step). */
    private Uni<Void> save(FlowRun run, ArrayNode done, String status) {
        long now = System.currentTimeMillis();
        return runs.progress(pool, run.id(), done, status, null, now);
    }

    /** Recorded with the round's other finished runs. */
    private Uni<Void> finish(FlowRun run, ArrayNode done, String status, Queue<FinishedRun> finished) {
        finished.add(new FinishedRun(run, done, status, System.currentTimeMillis()));
        return Uni.createFrom().voidItem();
    }

    private void reportFinished(FlowRun run, String status) {
        metrics.finished(status);
        // a failure is worth a line; successes are counted (metrics) and readable through the run API
        if ("FAILED".equals(status)) {
            LOG.infof("flow run %s of %s: FAILED", run.id(), run.flowKey());
        } else {
            LOG.debugf("flow run %s of %s: %s", run.id(), run.flowKey(), status);
        }
    }

    private ObjectNode result(String action, String status, int attempts, String error) {
        ObjectNode result = objectMapper.createObjectNode().put("action", action).put("status", status).put("attempts", attempts);
        result.put("error", error);
        return result;
    }
}
