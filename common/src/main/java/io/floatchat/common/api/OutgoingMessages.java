package io.floatchat.broadcast.service;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.api.InputBounds;
import io.floatchat.common.error.ApiException;

/**
 * The {@code message} of a broadcast: {@code text}, {@code interactive} (WhatsApp {@code button}
 * with at most 3 buttons, or {@code list} with at most 10 rows) or {@code template} (WhatsApp's
 * {@code name}, {@code language}, {@code components}), at most 64 KB as JSON. Anything else is 1001.
 */
public final class BroadcastMessages {

    private BroadcastMessages() {
    }

    public static void validate(JsonNode message) {
        if (message == null || !message.isObject()) {
            throw ApiException.invalidRequest("message is required: {\"type\":\"text\",\"text\":\"..\"}.");
        }
        int bytes = InputBounds.jsonBytes(message);
        if (bytes > InputBounds.MESSAGE_JSON_BYTES) {
            throw ApiException.invalidRequest("message is " + bytes + " bytes as JSON; at most "
                    + InputBounds.MESSAGE_JSON_BYTES + " (64 KB).");
        }
        String type = message.path("type").asText("");
        switch (type) {
            case "text" -> {
                String text = message.path("text").asText("");
                if (text.isBlank() || text.length() > InputBounds.MESSAGE_TEXT_CHARS) {
                    throw ApiException.invalidRequest("message.text must be 1 to " + InputBounds.MESSAGE_TEXT_CHARS
                            + " characters.");
                }
            }
            case "interactive" -> validateInteractive(message.path("interactive"));
            case "template" -> validateTemplate(message.path("template"));
            default -> throw ApiException.invalidRequest("message.type must be text, interactive or template.");
        }
    }

    /** Free-form messages reach only users inside the customer-service window; templates reach everyone. */
    public static boolean isFreeForm(JsonNode message) {
        return !"template".equals(message.path("type").asText());
    }

    private static void validateInteractive(JsonNode interactive) {
        String kind = interactive.path("type").asText("");
        JsonNode action = interactive.path("action");
        if ("button".equals(kind)) {
            int buttons = action.path("buttons").size();
            if (buttons < 1 || buttons > 3) {
                throw ApiException.invalidRequest("An interactive button message has 1 to 3 buttons.");
            }
        } else if ("list".equals(kind)) {
            int rows = 0;
            for (JsonNode section : action.path("sections")) {
                rows += section.path("rows").size();
            }
            if (rows < 1 || rows > 10) {
                throw ApiException.invalidRequest("An interactive list message has 1 to 10 rows.");
            }
        } else {
            throw ApiException.invalidRequest("message.interactive.type must be button or list.");
        }
        if (interactive.path("body").path("text").asText("").isBlank()) {
            throw ApiException.invalidRequest("message.interactive.body.text is required.");
        }
    }

    private static void validateTemplate(JsonNode template) {
        String name = template.path("name").asText("");
        if (name.isBlank() || name.length() > 512) {
            throw ApiException.invalidRequest("message.template.name is required.");
        }
        JsonNode language = template.path("language");
        boolean hasLanguage = language.isTextual() ? !language.asText().isBlank() : !language.path("code").asText("").isBlank();
        if (!hasLanguage) {
            throw ApiException.invalidRequest("message.template.language.code is required.");
        }
        JsonNode components = template.path("components");
        if (!components.isMissingNode() && !components.isArray()) {
            throw ApiException.invalidRequest("message.template.components must be an array.");
        }
    }
}
