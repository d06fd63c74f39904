package io.floatchat.broadcast;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.runtime.annotations.RegisterForReflection;

import java.util.List;

/**
 * One recipient of a new broadcast: the channel user id, and what personalises its message — template
 * body parameters (External Broadcast API) or its profile {@code {"name","attributes"}} (audience).
 */
@RegisterForReflection // part of a request's Idempotency-Key hash (native image)
public record AudienceMember(String userId, List<String> parameters, JsonNode profile) {

    public AudienceMember(String userId, List<String> parameters) {
        this(userId, parameters, null);
    }
}
