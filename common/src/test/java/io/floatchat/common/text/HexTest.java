package io.floatchat.common.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HexTest {

    @Test
    void digitsAreZeroPaddedToTheWidth() {
        assertThat(Hex.append(new StringBuilder(), 0xabcL, 6).toString()).isEqualTo("000abc");
        assertThat(Hex.append(new StringBuilder(), 0, 4).toString()).isEqualTo("0000");
    }

    @Test
    void aWidthShorterThanTheValueKeepsItsLowDigits() {
        assertThat(Hex.append(new StringBuilder(), 0x123456L, 4).toString()).isEqualTo("3456");
    }

    @Test
    void aNegativeValueIsItsTwosComplement() {
        assertThat(Hex.append(new StringBuilder("x"), -1L, 16).toString()).isEqualTo("xffffffffffffffff");
        assertThat(Hex.append(new StringBuilder(), Long.MIN_VALUE, 16).toString())
                .isEqualTo(String.format("%016x", Long.MIN_VALUE));
    }
}
