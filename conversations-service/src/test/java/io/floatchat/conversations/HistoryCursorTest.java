package io.floatchat.conversations;

import io.floatchat.common.error.ApiException;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HistoryCursorTest {

    @Test
    void aCursorReadsBackAsThePositionItWasMadeFromEvenWhenTheIdHasColons() {
        HistoryCursor cursor = new HistoryCursor(1_767_225_600_000L, "wamid.HBgM:NTE5:ODc2");
        assertThat(HistoryCursor.decode(cursor.encode())).isEqualTo(cursor);
        assertThat(HistoryCursor.decode("  " + cursor.encode() + " ")).isEqualTo(cursor);
        assertThat(cursor.encode()).doesNotContain("=", "+", "/");
    }

    @Test
    void noCursorIsTheFirstPage() {
        assertThat(HistoryCursor.decode(null)).isNull();
        assertThat(HistoryCursor.decode("")).isNull();
        assertThat(HistoryCursor.decode("   ")).isNull();
    }

    @Test
    void aCursorThisApiDidNotReturnIs1001() {
        for (String forged : new String[] {"not base64!", encoded("v2:1:m"), encoded("v1:abc:m"), encoded("v1::m"),
                encoded("v1:12"), encoded("1767225600000:m"), encoded("v1:99999999999999999999:m")}) {
            assertThatThrownBy(() -> HistoryCursor.decode(forged)).as(forged)
                    .isInstanceOfSatisfying(ApiException.class, refused -> {
                        assertThat(refused.errorCode().code()).isEqualTo(1001);
                        assertThat(refused.details()).isEqualTo("cursor is not one this API returned.");
                    });
        }
    }

    private static String encoded(String text) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }
}
