package io.floatchat.broadcast.client;

/** What a channel said about one message: its id, or an error that may be worth retrying. */
public record SendResult(String providerMessageId, String errorCode, String errorMessage, boolean retryable) {

    public static SendResult sent(String providerMessageId) {
        return new SendResult(providerMessageId, null, null, false);
    }

    public static SendResult failed(String code, String message, boolean retryable) {
        return new SendResult(null, code, message, retryable);
    }

    public boolean isSent() {
        return providerMessageId != null;
    }
}
