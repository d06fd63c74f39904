package io.floatchat.common.api;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.error.ApiException;

/**
 * A message the platform sends to a user, as every front door takes it — a broadcast over REST, its
 * External CSV form, a broadcast request event, a flow's send_message step: {@code text},
 * {@code interactive} (WhatsApp {@code button} with 1 to 3 buttons, or {@code list} with 1 to 10 rows)
 * or {@code template} (WhatsApp's {@code name}, {@code language}, {@code components}), at most
 * {@value InputBounds#MESSAGE_JSON_BYTES} bytes as JSON and {@value InputBounds#MESSAGE_TEXT_CHARS}
 * characters of text.
 */
public final class OutgoingMessages {

    static final int MAX_TEMPLATE_NAME = 512;

    private OutgoingMessages() {
    }

    /** The message if it can be sent, else a 1001 saying why. */
    public static JsonNode validate(JsonNode message) {
        String problem = problem(message);
        if (problem != null) {
            throw ApiException.invalidRequest(problem);
        }
        return message;
    }

    /** Why this message cannot be sent, as one sentence a client can act on, or null when it can. */
    public static String problem(JsonNode message) {
        if (message == null || !message.isObject()) {
            return "message is required: {\"type\":\"text\",\"text\":\"..\"}.";
        }
        int bytes = InputBounds.jsonBytes(message);
        if (bytes > InputBounds.MESSAGE_JSON_BYTES) {
            return "message is " + bytes + " bytes as JSON; at most " + InputBounds.MESSAGE_JSON_BYTES + " (64 KB).";
        }
        return switch (message.path("type").asText("")) {
            case "text" -> {
                String text = message.path("text").asText("");
                yield text.isBlank() || text.length() > InputBounds.MESSAGE_TEXT_CHARS
                        ? "message.text must be 1 to " + InputBounds.MESSAGE_TEXT_CHARS + " characters." : null;
            }
            case "interactive" -> interactiveProblem(message.path("interactive"));
            case "template" -> templateProblem(message.path("template"));
            default -> "message.type must be text, interactive or template.";
        };
    }

    /** Free-form messages reach only users inside the customer-service window; templates reach everyone. */
    public static boolean isFreeForm(JsonNode message) {
        return !"template".equals(message.path("type").asText());
    }

    private static String interactiveProblem(JsonNode interactive) {
        String kind = interactive.path("type").asText("");
        JsonNode action = interactive.path("action");
        if ("button".equals(kind)) {
            int buttons = action.path("buttons").size();
            if (buttons < 1 || buttons > 3) {
                return "An interactive button message has 1 to 3 buttons.";
            }
        } else if ("list".equals(kind)) {
            int rows = 0;
            for (JsonNode section : action.path("sections")) {
                rows += section.path("rows").size();
            }
            if (rows < 1 || rows > 10) {
                return "An interactive list message has 1 to 10 rows.";
            }
        } else {
            return "message.interactive.type must be button or list.";
        }
        return interactive.path("body").path("text").asText("").isBlank() ? "message.interactive.body.text is required." : null;
    }

    private static String templateProblem(JsonNode template) {
        String name = template.path("name").asText("");
        if (name.isBlank() || name.length() > MAX_TEMPLATE_NAME) {
            return "message.template.name is required, at most " + MAX_TEMPLATE_NAME + " characters.";
        }
        JsonNode language = template.path("language");
        boolean hasLanguage = language.isTextual() ? !language.asText().isBlank() : !language.path("code").asText("").isBlank();
        if (!hasLanguage) {
            return "message.template.language.code is required.";
        }
        JsonNode components = template.path("components");
        return !components.isMissingNode() && !components.isArray() ? "message.template.components must be an array." : null;
    }
}
