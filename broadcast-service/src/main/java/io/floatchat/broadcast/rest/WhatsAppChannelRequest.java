package io.floatchat.broadcast.rest;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** {@code PUT P/channels/whatsapp}: the bot's Cloud API account; secrets are write-only. */
public record WhatsAppChannelRequest(
        @NotBlank @Pattern(regexp = "[0-9]{1,32}", message = "must be the numeric phone number id") String phoneNumberId,
        @NotBlank @Size(max = 1024) String accessToken,
        @NotBlank @Size(max = 256) String appSecret,
        @NotBlank @Size(max = 256) String verifyToken,
        // its form and addresses are the outbound guard's to judge (ChannelAccounts)
        @Size(max = 2000) String apiBaseUrl,
        @Pattern(regexp = "v[0-9]{1,3}\\.[0-9]{1,2}", message = "must look like v21.0") String apiVersion,
        @Min(1) @Max(1000) Integer messagesPerSecond) {
}
