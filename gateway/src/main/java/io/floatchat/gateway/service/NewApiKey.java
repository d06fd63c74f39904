package io.floatchat.gateway.service;

import java.time.Instant;
import java.util.List;

/** What a key is created with; null scopes or botKeys mean the defaults (every scope but keys:manage; all bots). */
public record NewApiKey(String name, List<String> scopes, List<String> botKeys, Instant expiresAt,
                        Integer rateLimitPerSecond) {
}
