package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.OutgoingMessages;
import io.floatchat.common.events.BroadcastRequestEvent;
import io.floatchat.common.events.OutboxEvent;
import io.floatchat.common.events.UserAttributesEvent;
import io.floatchat.common.text.UserPlaceholders;
import io.floatchat.trigger.client.EmailSender;
import io.floatchat.trigger.client.StepOutcome;
import io.floatchat.trigger.client.WebhookCaller;
import io.floatchat.trigger.repository.RunRepository.FlowRun;
import io.floatchat.trigger.repository.WebhookSecretRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.util.List;

/**
 * Executes one run's steps in order, from the first not yet done: a false {@code when} marks a step
 * SKIPPED; a step that fails fails the run. A step's result — and the event it emits, through the
 * outbox — is saved by {@link StepRecorder} before the next step starts, so a run resumed after a
 * restart neither repeats nor loses a step that finished (only a step in flight when its executor
 * stopped runs again). A skipped step has no effect and is saved with the next result.
 */
@ApplicationScoped
public class StepRunner {

    private static final Logger LOG = Logger.getLogger(StepRunner.class);
    /** The largest body a call_webhook step sends: a run's attributes arrive in a body of at most 256 KB. */
    static final int MAX_WEBHOOK_BODY = 256 * 1024;

    private final ObjectMapper objectMapper;
    private final EmailSender email;
    private final WebhookCaller webhooks;
    private final WebhookSecretRepository secrets;
    private final StepRecorder recorder;
    private final FlowRunMetrics metrics;

    public StepRunner(ObjectMapper objectMapper, EmailSender email, WebhookCaller webhooks, WebhookSecretRepository secrets,
                      StepRecorder recorder, FlowRunMetrics metrics) {
        this.objectMapper = objectMapper;
        this.email = email;
        this.webhooks = webhooks;
        this.secrets = secrets;
        this.recorder = recorder;
        this.metrics = metrics;
    }

    /**
     * Runs the run to its end, or until its claim is found to be another executor's (its result is then
     * not saved) or the database refuses its result (a failure: the run stays claimed until its lease
     * runs out and is taken over then).
     */
    public Uni<Void> run(FlowRun run) {
        ArrayNode done = run.steps() == null || !run.steps().isArray() ? objectMapper.createArrayNode() : ((ArrayNode) run.steps()).deepCopy();
        return nextStep(run, run.definition().path("steps"), done, done.size());
    }

    private Uni<Void> nextStep(FlowRun run, JsonNode steps, ArrayNode done, int index) {
        if (index >= steps.size()) {
            return save(run, done, "SUCCEEDED", null);
        }
        JsonNode step = steps.get(index);
        String action = step.path("action").asText();
        if (!StepConditions.holds(step.path("when"), run.attributes())) {
            done.add(result(action, "SKIPPED", 0, null));
            return nextStep(run, steps, done, index + 1);
        }
        if (run.userId() == null && !"send_email".equals(action) && !"call_webhook".equals(action)) {
            return fail(run, done, action, 1, "this step needs the run's userId");
        }
        if ("send_email".equals(action) || "call_webhook".equals(action)) {
            Uni<StepOutcome> outcome = "send_email".equals(action) ? email.send(step, run.attributes()) : callWebhook(run, step);
            return outcome.flatMap(sent -> sent.problem() != null ? fail(run, done, action, sent.attempts(), sent.problem())
                    : succeed(run, steps, done, index, action, sent.attempts(), null));
        }
        long now = System.currentTimeMillis();
        String eventId = run.id() + "-" + (index + 1);
        // in a flow, {{user.*}} is the run's own attributes
        JsonNode message = "send_message".equals(action)
                ? UserPlaceholders.personalise(step.path("message"), UserPlaceholders.profileOf(run.attributes())) : null;
        String unsendable = message == null ? null : OutgoingMessages.problem(message);
        if (unsendable != null) {
            return fail(run, done, action, 0, "once filled in, " + unsendable);
        }
        OutboxEvent event = switch (action) {
            case "set_attributes" -> new UserAttributesEvent(eventId, run.customerId(), run.botKey(), run.userId(), null, null,
                    step.path("attributes"), now);
            case "send_message" -> new BroadcastRequestEvent(eventId, run.customerId(), run.botKey(), step.path("channel").asText(),
                    List.of(run.userId()), message, run.flowKey(), run.id(), now);
            default -> null;
        };
        if (event == null) {
            return fail(run, done, action, 1, action + " is not available on this platform yet");
        }
        return succeed(run, steps, done, index, action, 1, event);
    }

    private Uni<Void> succeed(FlowRun run, JsonNode steps, ArrayNode done, int index, String action, int attempts,
                              OutboxEvent event) {
        done.add(result(action, "SUCCEEDED", attempts, null));
        boolean last = index + 1 == steps.size();
        if (last) {
            return save(run, done, "SUCCEEDED", event);
        }
        return recorder.record(run, done, "RUNNING", null, event)
                .flatMap(saved -> saved ? nextStep(run, steps, done, index + 1) : lost(run));
    }

    private Uni<Void> fail(FlowRun run, ArrayNode done, String action, int attempts, String problem) {
        done.add(result(action, "FAILED", attempts, problem));
        return save(run, done, "FAILED", null);
    }

    /** The run's end: its outcome saved, and reported once saved. */
    private Uni<Void> save(FlowRun run, ArrayNode done, String status, OutboxEvent event) {
        return recorder.record(run, done, status, System.currentTimeMillis(), event)
                .flatMap(saved -> {
                    if (!saved) {
                        return lost(run);
                    }
                    reportFinished(run, status);
                    return Uni.createFrom().voidItem();
                });
    }

    private static Uni<Void> lost(FlowRun run) {
        LOG.warnf("flow run %s: its claim ran out and another executor holds it now; this executor's result was not saved",
                run.id());
        return Uni.createFrom().voidItem();
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
