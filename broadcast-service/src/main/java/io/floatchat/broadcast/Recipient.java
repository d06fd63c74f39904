package io.floatchat.broadcast;

/** One recipient of a broadcast as the API shows it (its status {@link RecipientStatus#shown}). */
public record Recipient(String userId, RecipientStatus status, String providerMessageId, Error error, long updatedAt) {

    /** {@code {"code","message"}} as the provider gave them. */
    public record Error(String code, String message) {
    }
}
