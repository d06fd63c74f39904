package io.floatchat.common.api;

/**
 * The channels a broadcast (or a flow's send_message step) can go out on, as every front door
 * accepts them: {@code whatsapp}, the bot's WhatsApp Cloud API account, and {@code sandbox}, which
 * records what would have been sent.
 */
public final class BroadcastChannels {

    public static final String WHATSAPP = "whatsapp";
    public static final String SANDBOX = "sandbox";

    /** The rule as a regular expression: a compile-time constant, for {@code @Pattern(regexp = ...)}. */
    public static final String PATTERN = WHATSAPP + "|" + SANDBOX;
    /** What a client is told when it names another channel. */
    public static final String RULE = "must be " + WHATSAPP + " or " + SANDBOX;

    private BroadcastChannels() {
    }

    public static boolean isKnown(String channel) {
        return WHATSAPP.equals(channel) || SANDBOX.equals(channel);
    }
}
