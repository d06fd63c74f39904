package io.floatchat.broadcast.rest;

import io.floatchat.common.api.ChannelUserIds;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/** The body of {@code POST P/broadcasts}. */
public record BroadcastRequest(
        @NotBlank @Size(max = 200) String name,
        @NotNull @Pattern(regexp = "whatsapp|sandbox", message = "must be whatsapp or sandbox") String channel,
        List<@NotBlank @Pattern(regexp = ChannelUserIds.PATTERN, message = "is not a channel user id") String> channelUserIds,
        JsonNode audience,
        @NotNull JsonNode message,
        JsonNode scheduledAt) {
}
