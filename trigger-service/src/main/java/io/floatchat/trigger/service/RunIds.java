package io.floatchat.trigger.service;

import io.floatchat.common.text.Hex;

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
        StringBuilder id = new StringBuilder(36).append("run_");
        Hex.append(id, epochMillis, 12);
        Hex.append(id, random.nextLong(), 16);
        return Hex.append(id, random.nextInt(), 4).toString();
    }
}
