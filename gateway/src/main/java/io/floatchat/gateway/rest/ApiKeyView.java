package io.floatchat.gateway.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.floatchat.gateway.ApiKey;

import java.time.Instant;
import java.util.List;

/**
 * A key as clients see it: metadata and status, never its secret or hash — except {@code apiKey}
 * in the one response that issues it. Times are UTC milliseconds.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiKeyView(
        String keyId,
        String apiKey,
        long customerId,
        String name,
        List<String> scopes,
        List<String> botKeys,
        String status,
        Integer rateLimitPerSecond,
        Long expiresAt,
        Long createdAt,
        Long lastUsedAt,
        Long revokedAt) {

    static ApiKeyView of(ApiKey key, Instant lastUsedAt) {
        return issued(key, null, lastUsedAt);
    }

    static ApiKeyView issued(ApiKey key, String apiKey, Instant lastUsedAt) {
        return new ApiKeyView(key.id(), apiKey, key.customerId(), key.name(), key.scopes(), key.botKeys(),
                key.displayStatus(Instant.now()), key.rateLimitPerSecond(), millis(key.expiresAt()),
                millis(key.createdAt()), millis(lastUsedAt), millis(key.revokedAt()));
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }
}
