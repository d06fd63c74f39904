package io.floatchat.broadcast.service;

/** The key of a dispatch record: whose pace a message counts against. */
public final class SendingAccounts {

    private SendingAccounts() {
    }

    public static String sandbox(String botKey) {
        return "sandbox:" + botKey;
    }

    public static String whatsapp(String phoneNumberId) {
        return "whatsapp:" + phoneNumberId;
    }

    public static String phoneNumberIdOf(String account) {
        return account.substring("whatsapp:".length());
    }

    public static boolean isSandbox(String account) {
        return account.startsWith("sandbox:");
    }
}
