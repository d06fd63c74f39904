package io.floatchat.gateway.ratelimit;

/**
 * A token bucket: {@code capacity} requests at once, refilled at {@code perSecond}. Time is passed in
 * (nanoseconds), so the arithmetic is tested without a clock.
 */
public final class TokenBucket {

    private final int capacity;
    private final double perNano;
    private double tokens;
    private long lastRefill;

    public TokenBucket(int capacity, double perSecond, long now) {
        this.capacity = capacity;
        this.perNano = perSecond / 1_000_000_000d;
        this.tokens = capacity;
        this.lastRefill = now;
    }

    public synchronized Decision tryTake(long now) {
        tokens = Math.min(capacity, tokens + (now - lastRefill) * perNano);
        lastRefill = now;
        boolean allowed = tokens >= 1;
        if (allowed) {
            tokens -= 1;
        }
        long secondsToFull = (long) Math.ceil((capacity - tokens) / perNano / 1_000_000_000d);
        long retryAfter = allowed ? 0 : Math.max(1, (long) Math.ceil((1 - tokens) / perNano / 1_000_000_000d));
        return new Decision(allowed, capacity, (int) Math.floor(tokens), secondsToFull, retryAfter);
    }

    /** The outcome and the values of the {@code RateLimit-*} and {@code Retry-After} headers. */
    public record Decision(boolean allowed, int limit, int remaining, long resetSeconds, long retryAfterSeconds) {
    }
}
