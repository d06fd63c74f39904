package io.floatchat.common.text;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.floatchat.common.api.AttributeBounds;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code {{user.name}}} and {@code {{user.<attribute>}}} in a text message, filled from a profile
 * {@code {"name":..,"attributes":{..}}}: plain substitution, nothing evaluated. A value the profile
 * does not have is empty. Broadcasts fill it from the recipient's user profile, flows from the run's
 * attributes.
 */
public final class UserPlaceholders {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*user\\.(" + AttributeBounds.NAME_PATTERN + ")\\s*}}");

    private UserPlaceholders() {
    }

    /** A text message with at least one {@code {{user.*}}} placeholder. */
    public static boolean isPersonalised(JsonNode message) {
        return "text".equals(message.path("type").asText()) && PLACEHOLDER.matcher(message.path("text").asText()).find();
    }

    /**
     * The attributes a text message's placeholders read ({@code {{user.name}}} reads {@code name}),
     * in order of first use; empty for a message without placeholders.
     */
    public static Set<String> attributesRead(JsonNode message) {
        Set<String> names = new LinkedHashSet<>();
        if ("text".equals(message.path("type").asText())) {
            Matcher matcher = PLACEHOLDER.matcher(message.path("text").asText());
            while (matcher.find()) {
                names.add(matcher.group(1));
            }
        }
        return names;
    }

    /** A profile made of flat attributes, where {@code name} is also the user's name. */
    public static JsonNode profileOf(JsonNode attributes) {
        ObjectNode profile = JsonNodeFactory.instance.objectNode();
        profile.set("name", attributes.path("name").isMissingNode() ? null : attributes.get("name"));
        profile.set("attributes", attributes);
        return profile;
    }

    public static JsonNode personalise(JsonNode message, JsonNode profile) {
        if (!isPersonalised(message)) {
            return message;
        }
        ObjectNode personalised = message.deepCopy();
        personalised.put("text", render(message.path("text").asText(), profile));
        return personalised;
    }

    public static String render(String text, JsonNode profile) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder rendered = new StringBuilder();
        while (matcher.find()) {
            String name = matcher.group(1);
            JsonNode value = profile == null || !profile.isObject() ? null
                    : "name".equals(name) ? profile.get("name") : profile.path("attributes").get(name);
            matcher.appendReplacement(rendered, Matcher.quoteReplacement(value == null || value.isNull() ? "" : value.asText()));
        }
        matcher.appendTail(rendered);
        return rendered.toString();
    }
}
