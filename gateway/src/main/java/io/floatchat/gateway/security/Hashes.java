package io.floatchat.gateway.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * SHA-256 and constant-time comparison. A key carries 190 random bits, so a fast hash is enough:
 * what matters is that only the hash is stored and that comparing takes the same time whatever matches.
 */
public final class Hashes {

    /** One digest per thread: looking a provider up costs more than hashing a key (bench/gateway's profile). */
    private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    });

    private Hashes() {
    }

    public static byte[] sha256(String value) {
        // digest() resets the instance, so the next caller on this thread starts clean
        return SHA_256.get().digest(value.getBytes(StandardCharsets.UTF_8));
    }

    /** Compares the hashes of both, so neither content nor length shows in the time taken. */
    public static boolean constantTimeEquals(String presented, String expected) {
        return MessageDigest.isEqual(sha256(presented), sha256(expected));
    }
}
