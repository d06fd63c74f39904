package io.floatchat.gateway;

import java.time.Instant;
import java.util.List;

/**
 * A stored API key: everything but the key itself, of which only the SHA-256 hash is kept.
 *
 * @param botKeys            the bots the key is limited to, or null for all of the customer's bots
 * @param customerBots       the customer's bots when the key was read (for the tenant check)
 * @param previousKeyHash    during a regeneration grace period, the old key's hash
 * @param rateLimitPerSecond the key's own rate limit, or null for the default
 */
public record ApiKey(
        String id,
        long customerId,
        String name,
        List<String> scopes,
        List<String> botKeys,
        List<String> customerBots,
        byte[] keyHash,
        byte[] previousKeyHash,
        Instant previousValidUntil,
        Status status,
        Integer rateLimitPerSecond,
        Instant expiresAt,
        Instant createdAt,
        Instant revokedAt,
        Instant lastUsedAt) {

    public enum Status { ACTIVE, REVOKED }

    /** The bots this key may reach: its own list, or all of the customer's bots when unrestricted. */
    public List<String> visibleBots() {
        return botKeys == null ? customerBots : botKeys.stream().filter(customerBots::contains).toList();
    }

    public boolean canSee(String botKey) {
        return customerBots.contains(botKey) && (botKeys == null || botKeys.contains(botKey));
    }

    /**
     * Whether this key holds every one of these scopes and may see every one of these bots
     * ({@code botKeys} null: all of the customer's bots, which only a key limited to no bots covers).
     */
    public boolean covers(List<String> otherScopes, List<String> otherBotKeys) {
        if (!scopes.containsAll(otherScopes)) {
            return false;
        }
        return botKeys == null || (otherBotKeys != null && botKeys.containsAll(otherBotKeys));
    }

    /**
     * Whether this key is at least as wide as {@code other}: its scopes and bots, it expires no
     * earlier, and it may send at least as fast ({@code defaultRate}: the limit of a key without its own).
     */
    public boolean covers(ApiKey other, int defaultRate) {
        return covers(other.scopes(), other.botKeys())
                && (expiresAt == null || (other.expiresAt() != null && !other.expiresAt().isAfter(expiresAt)))
                && rate(defaultRate) >= other.rate(defaultRate);
    }

    /** Requests per second this key may make: its own limit, or {@code defaultRate}. */
    public int rate(int defaultRate) {
        return rateLimitPerSecond != null ? rateLimitPerSecond : defaultRate;
    }

    public boolean isUsableAt(Instant now) {
        return status == Status.ACTIVE && (expiresAt == null || now.isBefore(expiresAt));
    }

    /** The status a client sees: a key past its expiry is EXPIRED. */
    public String displayStatus(Instant now) {
        if (status == Status.REVOKED) {
            return "REVOKED";
        }
        return expiresAt != null && !now.isBefore(expiresAt) ? "EXPIRED" : "ACTIVE";
    }
}
