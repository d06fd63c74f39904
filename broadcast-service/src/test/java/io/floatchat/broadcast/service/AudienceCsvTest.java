package io.floatchat.broadcast.service;

import io.floatchat.broadcast.AudienceMember;
import io.floatchat.common.error.ApiException;
import io.floatchat.common.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AudienceCsvTest {

    @Test
    void rowsBecomeRecipientsWithTheirParametersAndBadRowsAreReported() throws Exception {
        AudienceCsv.Parsed parsed = parse("""
                user.phone_number,user.attribute_0,user.attribute_1
                +919876543210,Asha,"Pune, MH"
                +919800000001,Ravi,"He said ""hi""\"
                919800000002,NoPlus,x
                +919800000003,only-two
                +919876543210,Dup,x

                +14155550123,Sam,CA
                """, 100);
        assertThat(parsed.members()).extracting(AudienceMember::userId)
                .containsExactly("919876543210", "919800000001", "14155550123");
        assertThat(parsed.members().get(0).parameters()).containsExactly("Asha", "Pune, MH");
        assertThat(parsed.members().get(1).parameters()).containsExactly("Ravi", "He said \"hi\"");
        assertThat(parsed.rejected()).extracting(AudienceCsv.RejectedRow::row).containsExactly(4, 5, 6);
        assertThat(parsed.rejected().get(0).reason()).contains("E.164");
        assertThat(parsed.rejected().get(1).reason()).contains("expected 3 columns");
        assertThat(parsed.rejected().get(2).reason()).contains("duplicate");
    }

    @Test
    void theRecipientLimitRejectsTheRest() throws Exception {
        AudienceCsv.Parsed parsed = parse("user.phone_number\n+919800000001\n+919800000002\n+919800000003\n", 2);
        assertThat(parsed.members()).hasSize(2);
        assertThat(parsed.rejected()).singleElement().satisfies(row -> assertThat(row.reason()).contains("over 2"));
    }

    @Test
    void theHeaderIsRequiredAsDocumented() {
        for (String bad : List.of("", "phone,name\n+919800000001,A\n", "user.phone_number,user.attribute_1\n")) {
            assertThatThrownBy(() -> parse(bad, 10)).as(bad).isInstanceOfSatisfying(ApiException.class,
                    e -> assertThat(e.errorCode()).isEqualTo(ErrorCode.INVALID_FILE_FORMAT));
        }
    }

    private static AudienceCsv.Parsed parse(String csv, int max) throws Exception {
        return AudienceCsv.parse(new BufferedReader(new StringReader(csv)), max);
    }
}
