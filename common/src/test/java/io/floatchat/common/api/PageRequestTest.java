package io.floatchat.common.api;

import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PageRequestTest {

    @Test
    void blankMeansTheDefaults() {
        assertThat(PageRequest.of(null, "", 500)).isEqualTo(new PageRequest(1, 500));
        assertThat(PageRequest.of("3", "20", 500).offset()).isEqualTo(40);
    }

    @Test
    void pageNumbersThatAreNotIntegersOfAtLeastOneAre1004() {
        for (String bad : new String[]{"0", "-1", "abc", "1.5", "99999999999"}) {
            assertThatThrownBy(() -> PageRequest.of(bad, null, 500)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PAGE_NUMBER));
        }
    }

    @Test
    void pageSizesOutsideOneToAThousandAre1005() {
        for (String bad : new String[]{"0", "1001", "x", "-5"}) {
            assertThatThrownBy(() -> PageRequest.of("1", bad, 500)).as(bad)
                    .isInstanceOfSatisfying(ApiException.class,
                            e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_PAGE_SIZE));
        }
        assertThat(PageRequest.of("1", "1000", 500).pageSize()).isEqualTo(1000);
    }
}
