package io.floatchat.gateway.rest;

import io.floatchat.gateway.service.NewApiKey;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

import java.time.Instant;
import java.util.List;

/**
 * {@code {"name","scopes":[..],"botKeys":[..],"expiresAt":ms}}; {@code rateLimitPerSecond} is an
 * extension (the key's own limit).
 */
public record CreateApiKeyRequest(
        @NotBlank @Size(max = 200) String name,
        @Size(max = 20) List<@NotBlank @Size(max = 40) String> scopes,
        @Size(max = 1000) List<@NotBlank @Size(max = 64) String> botKeys,
        @Positive Long expiresAt,
        @Min(1) @Max(10_000) Integer rateLimitPerSecond) {

    NewApiKey toNewApiKey() {
        return new NewApiKey(name, scopes, botKeys, expiresAt == null ? null : Instant.ofEpochMilli(expiresAt),
                rateLimitPerSecond);
    }
}
