package io.floatchat.gateway.ratelimit;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenBucketTest {

    private static final long SECOND = 1_000_000_000L;

    @Test
    void aFullBucketAllowsItsCapacityAtOnceThenRefillsAtTheRate() {
        TokenBucket bucket = new TokenBucket(3, 1, 0);
        assertThat(bucket.tryTake(0).remaining()).isEqualTo(2);
        assertThat(bucket.tryTake(0).allowed()).isTrue();
        assertThat(bucket.tryTake(0).allowed()).isTrue();
        TokenBucket.Decision empty = bucket.tryTake(0);
        assertThat(empty.allowed()).isFalse();
        assertThat(empty.retryAfterSeconds()).isEqualTo(1);
        assertThat(empty.resetSeconds()).isEqualTo(3);

        assertThat(bucket.tryTake(SECOND / 2).allowed()).isFalse();
        assertThat(bucket.tryTake(SECOND).allowed()).isTrue();
    }

    @Test
    void idleTimeNeverFillsPastCapacity() {
        TokenBucket bucket = new TokenBucket(2, 10, 0);
        TokenBucket.Decision later = bucket.tryTake(3_600 * SECOND);
        assertThat(later.limit()).isEqualTo(2);
        assertThat(later.remaining()).isEqualTo(1);
    }
}
