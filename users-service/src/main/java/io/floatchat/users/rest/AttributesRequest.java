package io.floatchat.users.rest;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.Map;

/** {@code {"channel":"whatsapp","name":"..","attributes":{"k":"v"}}}: null removes an attribute. */
public record AttributesRequest(
        @Pattern(regexp = "[a-z][a-z0-9_-]{0,31}", message = "must be a channel name such as whatsapp") String channel,
        @Size(max = 200) String name,
        Map<String, JsonNode> attributes) {
}
