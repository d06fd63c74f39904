package io.floatchat.trigger.repository;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

/**
 * Run definitions parsed once per text and shared: every run carries a copy of its flow's definition,
 * so thousands of runs read the same text, and the executor only reads it. Bounded by the characters
 * of the texts kept.
 */
final class SharedDefinitions {

    private static final long MAX_CHARS = 2_000_000;

    private final ObjectMapper objectMapper;
    private final Cache<String, JsonNode> parsed = Caffeine.newBuilder()
            .maximumWeight(MAX_CHARS)
            .weigher((String text, JsonNode definition) -> text.length())
            .build();

    SharedDefinitions(ObjectMapper objectMapper) {
        this.objectMapper = objectMapper;
    }

    JsonNode parse(String text) {
        return parsed.get(text, this::read);
    }

    private JsonNode read(String text) {
        try {
            return objectMapper.readTree(text);
        } catch (Exception e) {
            throw new IllegalStateException("stored run definition is not JSON", e);
        }
    }
}
