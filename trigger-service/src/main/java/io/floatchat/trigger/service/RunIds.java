package io.floatchat.trigger.service;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Ids of API-triggered runs: {@code run_} and 32 hex digits, the first 12 the millisecond it was
 * triggered. Ids in trigger order land on the right edge of the primary key's index instead of a
 * random page of it (a random id cost a page read and a full-page write per run). The other 80 bits
 * are random; an id is not a secret (a run is only read with its bot's key).
 */
final class RunIds {

    private RunIds() {
    }

    static String next(long epochMillis) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        return "run_" + hex(epochMillis, 12) + hex(random.nextLong(), 16) + hex(random.nextInt(), 4);
    }

    private static String hex(long value, int digits) {
        String all = Long.toHexString(value);
        if (all.length() >= digits) {
            return all.substring(all.length() - digits);
        }
        return "0".repeat(digits - all.length()) + all;
    }
}
