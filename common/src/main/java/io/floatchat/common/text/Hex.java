package io.floatchat.common.text;

/** Fixed-width lower-case hex, without {@code String.format} (a measurable cost on request paths). */
public final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    /** The low {@code digits} hex digits of {@code value} (at most 16), zero-padded. */
    public static StringBuilder append(StringBuilder to, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            to.append(DIGITS[(int) (value >>> shift) & 0xF]);
        }
        return to;
    }
}
