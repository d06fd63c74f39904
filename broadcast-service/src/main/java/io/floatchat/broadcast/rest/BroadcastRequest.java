package io.floatchat.broadcast.rest;

import com.fasterxml.jackson.databind.JsonNode;
import io.floatchat.broadcast.Audience;
import io.floatchat.broadcast.BroadcastDraft;
import io.floatchat.common.api.BroadcastChannels;
import io.floatchat.common.api.ChannelUserIds;
import io.floatchat.common.error.ApiException;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.util.List;

/**
 * The body of {@code POST P/broadcasts}. Its constraints say the contract to clients (and the
 * OpenAPI document) in the values of the service's rules; {@code BroadcastRules} checks them all.
 */
public record BroadcastRequest(
        @NotBlank @Size(max = BroadcastDraft.MAX_NAME) String name,
        @NotNull @Pattern(regexp = BroadcastChannels.PATTERN, message = BroadcastChannels.RULE) String channel,
        List<@NotBlank @Pattern(regexp = ChannelUserIds.PATTERN, message = "is not a channel user id") String> channelUserIds,
        JsonNode audience,
        @NotNull JsonNode message,
        JsonNode scheduledAt) {

    /** The broadcast asked for: to the listed users or to an audience, never both. */
    BroadcastDraft draft() {
        boolean byAudience = audience != null && !audience.isNull();
        boolean listed = channelUserIds != null && !channelUserIds.isEmpty();
        if (byAudience == listed) {
            throw ApiException.invalidRequest("Give either channelUserIds or audience.");
        }
        return new BroadcastDraft(name, channel, byAudience ? new Audience.Matching(audience) : new Audience.Listed(channelUserIds),
                message, scheduledAt);
    }
}
