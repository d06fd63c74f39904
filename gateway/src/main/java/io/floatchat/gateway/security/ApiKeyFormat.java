package io.floatchat.gateway.security;

import java.security.SecureRandom;
import java.util.zip.CRC32;

/**
 * The API key format: {@code fcak_} + key id (12) + secret (32) + checksum (6), base62.
 *
 * <p>The prefix lets secret scanners find leaked keys ({@code fcak_[0-9A-Za-z]{50}}); the CRC32
 * checksum rejects typos and random guesses without touching the database; the embedded key id makes
 * the lookup a primary-key read, after which only the hash of the whole key is compared.
 */
public final class ApiKeyFormat {

    public static final String PREFIX = "fcak_";
    static final int ID_LENGTH = 12;
    static final int SECRET_LENGTH = 32;
    static final int CHECKSUM_LENGTH = 6;
    public static final int LENGTH = PREFIX.length() + ID_LENGTH + SECRET_LENGTH + CHECKSUM_LENGTH;

    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ApiKeyFormat() {
    }

    public static String newKeyId() {
        return random(ID_LENGTH);
    }

    /** A fresh key for the given id: the only time its secret exists outside the client. */
    public static String newKey(String keyId) {
        String body = PREFIX + keyId + random(SECRET_LENGTH);
        return body + checksum(body);
    }

    /** The key id of a well-formed key with a valid checksum, else null. */
    public static String keyIdOf(String candidate) {
        if (candidate == null || candidate.length() != LENGTH || !candidate.startsWith(PREFIX)) {
            return null;
        }
        for (int i = PREFIX.length(); i < LENGTH; i++) {
            if (!isBase62(candidate.charAt(i))) {
                return null;
            }
        }
        String body = candidate.substring(0, LENGTH - CHECKSUM_LENGTH);
        if (!checksum(body).equals(candidate.substring(LENGTH - CHECKSUM_LENGTH))) {
            return null;
        }
        return candidate.substring(PREFIX.length(), PREFIX.length() + ID_LENGTH);
    }

    static String checksum(String body) {
        CRC32 crc = new CRC32();
        for (int i = 0; i < body.length(); i++) {
            crc.update(body.charAt(i));
        }
        long value = crc.getValue();
        char[] digits = new char[CHECKSUM_LENGTH];
        for (int i = CHECKSUM_LENGTH - 1; i >= 0; i--) {
            digits[i] = ALPHABET[(int) (value % 62)];
            value /= 62;
        }
        return new String(digits);
    }

    private static String random(int length) {
        char[] chars = new char[length];
        for (int i = 0; i < length; i++) {
            chars[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(chars);
    }

    private static boolean isBase62(char c) {
        return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    }
}
