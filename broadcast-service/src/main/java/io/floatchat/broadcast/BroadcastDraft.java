package io.floatchat.broadcast;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A broadcast as a front door asks for it — REST, the External CSV upload, a broadcast request event —
 * before {@code BroadcastService.create} has checked it against every rule.
 *
 * @param scheduledAt as the client wrote it: UTC milliseconds, an ISO-8601 string, or null for now
 */
public record BroadcastDraft(String name, String channel, Audience audience, JsonNode message, JsonNode scheduledAt) {

    /** A name shows in lists and logs; the original's limit. */
    public static final int MAX_NAME = 200;
}
