package io.floatchat.trigger.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.api.AttributeBounds;
import io.floatchat.common.api.BroadcastChannels;
import io.floatchat.common.api.OutgoingMessages;
import io.floatchat.common.error.ApiException;

import java.net.URI;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a flow may say: a known trigger, 1..20 steps of known actions with their required fields,
 * {@code when} conditions ({@code equals}, {@code not_equals}, {@code exists}, {@code in}),
 * absolute http(s) URLs, templates up to 10 KB. Anything else is 1001.
 */
public final class FlowDefinitions {

    public static final int MAX_STEPS = 20;
    static final int MAX_TEMPLATE = 10 * 1024;
    private static final Pattern EVENT_TYPE = Pattern.compile("[A-Za-z0-9_.:-]{1,100}");
    private static final Set<String> BROADCAST_EVENTS = Set.of("broadcast.started", "broadcast.completed",
            "message.sent", "message.delivered", "message.read", "message.failed");
    private static final Set<String> AVAILABLE_ACTIONS = Set.of("send_email", "call_webhook", "send_message", "set_attributes");
    private static final Set<String> ACTIONS = Set.of("send_email", "call_webhook", "send_message", "set_attributes");

    private FlowDefinitions() {
    }

    /** The validated flow's trigger: its type and what it listens to (null for api). */
    public static Trigger validate(JsonNode flow) {
        if (flow == null || !flow.isObject()) {
            throw ApiException.invalidRequest("A flow is a JSON object with trigger and steps.");
        }
        if (flow.has("name") && (!flow.path("name").isTextual() || flow.path("name").asText().length() > 200)) {
            throw ApiException.invalidRequest("name must be a string of at most 200 characters.");
        }
        Trigger trigger = trigger(flow.path("trigger"));
        JsonNode steps = flow.path("steps");
        if (!steps.isArray() || steps.isEmpty() || steps.size() > MAX_STEPS) {
            throw ApiException.invalidRequest("steps must hold 1 to " + MAX_STEPS + " steps.");
        }
        for (int i = 0; i < steps.size(); i++) {
            step(steps.get(i), i + 1);
        }
        return trigger;
    }

    private static Trigger trigger(JsonNode trigger) {
        String type = trigger.path("type").asText("");
        return switch (type) {
            case "api" -> new Trigger("api", null);
            case "event" -> {
                String eventType = trigger.path("eventType").asText("");
                if (!EVENT_TYPE.matcher(eventType).matches()) {
                    throw ApiException.invalidRequest("trigger.eventType must be 1 to 100 characters of [A-Za-z0-9_.:-].");
                }
                yield new Trigger("event", eventType);
            }
            case "broadcast_event" -> {
                String event = trigger.path("event").asText("");
                if (!BROADCAST_EVENTS.contains(event)) {
                    throw ApiException.invalidRequest("trigger.event must be one of " + BROADCAST_EVENTS.stream().sorted().toList() + ".");
                }
                yield new Trigger("broadcast_event", event);
            }
            default -> throw ApiException.invalidRequest("trigger.type must be api, event or broadcast_event.");
        };
    }

    private static void step(JsonNode step, int number) {
        String prefix = "steps[" + number + "]: ";
        String action = step.path("action").asText("");
        if (!ACTIONS.contains(action)) {
            throw ApiException.invalidRequest(prefix + "action must be one of send_email, call_webhook, send_message, set_attributes.");
        }
        if (!AVAILABLE_ACTIONS.contains(action)) {
            throw ApiException.invalidRequest(prefix + action + " is not available on this platform yet.");
        }
        condition(step.path("when"), prefix);
        switch (action) {
            case "send_email" -> {
                for (String field : new String[]{"to", "subject", "body"}) {
                    JsonNode value = step.path(field);
                    if (!value.isTextual() || value.asText().isBlank() || value.asText().length() > MAX_TEMPLATE) {
                        throw ApiException.invalidRequest(prefix + field + " is required, at most 10 KB.");
                    }
                }
            }
            case "call_webhook" -> {
                String url = step.path("url").asText("");
                if (url.length() > 2_000 || !isHttpUrl(url)) {
                    throw ApiException.invalidRequest(prefix + "url must be an absolute http(s) URL.");
                }
                String method = step.path("method").asText("POST");
                if (!method.equals("POST") && !method.equals("PUT")) {
                    throw ApiException.invalidRequest(prefix + "method must be POST or PUT.");
                }
            }
            case "send_message" -> {
                String channel = step.path("channel").asText("");
                if (!BroadcastChannels.isKnown(channel)) {
                    throw ApiException.invalidRequest(prefix + "channel " + BroadcastChannels.RULE + ".");
                }
                JsonNode message = step.path("message");
                if (message.toString().length() > MAX_TEMPLATE) {
                    throw ApiException.invalidRequest(prefix + "message must be at most 10 KB as JSON.");
                }
                String problem = OutgoingMessages.problem(message);
                if (problem != null) {
                    throw ApiException.invalidRequest(prefix + problem);
                }
            }
            case "set_attributes" -> {
                JsonNode attributes = step.path("attributes");
                if (attributes.isObject() && attributes.isEmpty()) {
                    throw ApiException.invalidRequest(prefix + "attributes must name at least one attribute.");
                }
                String problem = AttributeBounds.problem(attributes);
                if (problem != null) {
                    throw ApiException.invalidRequest(prefix + problem + ".");
                }
            }
            default -> throw new IllegalStateException(action);
        }
    }

    private static void condition(JsonNode when, String prefix) {
        if (when.isMissingNode() || when.isNull()) {
            return;
        }
        if (!AttributeBounds.isValidName(when.path("attribute").asText(""))) {
            throw ApiException.invalidRequest(prefix + "when.attribute must name an attribute.");
        }
        int tests = (when.has("equals") ? 1 : 0) + (when.has("not_equals") ? 1 : 0) + (when.has("exists") ? 1 : 0)
                + (when.has("in") ? 1 : 0);
        if (tests != 1 || (when.has("in") && !when.path("in").isArray()) || (when.has("exists") && !when.path("exists").isBoolean())) {
            throw ApiException.invalidRequest(prefix + "when takes exactly one of equals, not_equals, exists (true|false), in [..].");
        }
    }


    private static boolean isHttpUrl(String url) {
        try {
            URI uri = URI.create(url);
            return ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    public record Trigger(String type, String on) {
    }
}
