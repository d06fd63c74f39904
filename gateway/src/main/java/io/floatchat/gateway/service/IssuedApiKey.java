package io.floatchat.gateway.service;

import io.floatchat.gateway.ApiKey;

/** A key together with its secret: returned once, at creation or regeneration. */
public record IssuedApiKey(ApiKey key, String apiKey) {
}
