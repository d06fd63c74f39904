package io.floatchat.broadcast;

/**
 * One recipient of a broadcast as the API shows it ({@code SENDING}, the instant of the call to the
 * provider, shows as PENDING).
 */
public record Recipient(String userId, String status, String providerMessageId, Error error, long updatedAt) {

    /** {@code {"code","message"}} as the provider gave them. */
    public record Error(String code, String message) {
    }
}
