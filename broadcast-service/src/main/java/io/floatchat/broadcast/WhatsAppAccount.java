package io.floatchat.broadcast;

/** A bot's WhatsApp Cloud API account, secrets decrypted (never logged, never returned). */
public record WhatsAppAccount(
        String botKey,
        long customerId,
        String phoneNumberId,
        String accessToken,
        String appSecret,
        String verifyToken,
        String apiBaseUrl,
        String apiVersion,
        int messagesPerSecond) {

    @Override
    public String toString() {
        return "WhatsAppAccount[botKey=" + botKey + ", phoneNumberId=" + phoneNumberId + ", secrets=***]";
    }
}
