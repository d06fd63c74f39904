package io.floatchat.conversations.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.common.events.Direction;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * {@code {"messageId":"client-id","direction":"INBOUND","type":"text","text":"hi","payload":{},"timestamp":ms}};
 * {@code timestamp} defaults to now, {@code channel} to whatsapp.
 */
public record NewMessageRequest(
        @NotBlank String messageId,
        @NotNull Direction direction,
        @NotBlank String type,
        String text,
        JsonNode payload,
        Long timestamp,
        String channel,
        String broadcastId) {
}
