package io.floatchat.broadcast;

import java.util.Arrays;
import java.util.List;

/**
 * Where a recipient of a broadcast stands. {@code SENDING} — claimed by a sender, around the call to
 * the provider — is the platform's own: the API shows, counts and filters it as {@code PENDING}.
 */
public enum RecipientStatus {
    PENDING, SENDING, SENT, DELIVERED, READ, FAILED, SKIPPED_OUTSIDE_WINDOW, CANCELLED;

    /** What the API's {@code status} filter may name, sorted: every status but SENDING. */
    public static final List<String> SHOWN = Arrays.stream(values()).filter(status -> status != SENDING)
            .map(Enum::name).sorted().toList();

    /** The status as the API shows it. */
    public RecipientStatus shown() {
        return this == SENDING ? PENDING : this;
    }

    /** The stored statuses the API shows as this one. */
    public String[] stored() {
        return this == PENDING ? new String[]{PENDING.name(), SENDING.name()} : new String[]{name()};
    }

    /** The status the API's {@code status} filter names, or null when it names none of {@link #SHOWN}. */
    public static RecipientStatus shownAs(String name) {
        return SHOWN.contains(name) ? valueOf(name) : null;
    }
}
