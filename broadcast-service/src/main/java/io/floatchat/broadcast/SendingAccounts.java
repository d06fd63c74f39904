package io.floatchat.broadcast;

/**
 * The key of a dispatch record: whose pace a message counts against — a WhatsApp phone number
 * ({@code whatsapp:<phone number id>}) or a bot's sandbox ({@code sandbox:<bot key>}). In Java through
 * these methods, in SQL through {@link #WHATSAPP} and {@link #SANDBOX}.
 */
public final class SendingAccounts {

    /** The prefix of a WhatsApp phone number's account. */
    public static final String WHATSAPP = "whatsapp:";
    /** The prefix of a bot's sandbox account. */
    public static final String SANDBOX = "sandbox:";

    private SendingAccounts() {
    }

    public static String sandbox(String botKey) {
        return SANDBOX + botKey;
    }

    public static String whatsapp(String phoneNumberId) {
        return WHATSAPP + phoneNumberId;
    }

    public static String phoneNumberIdOf(String account) {
        return account.substring(WHATSAPP.length());
    }

    public static boolean isSandbox(String account) {
        return account.startsWith(SANDBOX);
    }
}
