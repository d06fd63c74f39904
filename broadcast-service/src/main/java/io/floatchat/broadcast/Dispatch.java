package io.floatchat.broadcast;

import java.util.List;

/**
 * A dispatch record as a sender reads it: recipients of one broadcast to send from one sending
 * account ({@code whatsapp:<phone number id>}, {@code sandbox:<bot>}), published at {@code dispatchedAt}.
 */
public record Dispatch(List<Long> recipientIds, String sendingAccount, long dispatchedAt) {
}
