package io.floatchat.common.text;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UserPlaceholdersTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void fillsNameAndAttributesAndLeavesNothingToEvaluate() throws Exception {
        var profile = JSON.readTree("{\"name\":\"Asha\",\"attributes\":{\"city\":\"Pune\",\"points\":120}}");
        assertThat(UserPlaceholders.render("Hi {{user.name}} from {{ user.city }}: {{user.points}} points", profile))
                .isEqualTo("Hi Asha from Pune: 120 points");
        assertThat(UserPlaceholders.render("Hi {{user.name}}, {{user.missing}}!", null)).isEqualTo("Hi , !");
        assertThat(UserPlaceholders.render("{{user.name}} $1 \\\\ {{7*7}} ${x}", profile)).isEqualTo("Asha $1 \\\\ {{7*7}} ${x}");
    }

    @Test
    void onlyTextMessagesArePersonalised() throws Exception {
        var template = JSON.readTree("{\"type\":\"template\",\"template\":{\"name\":\"{{user.name}}\"}}");
        assertThat(UserPlaceholders.personalise(template, JSON.readTree("{\"name\":\"A\"}"))).isSameAs(template);
    }
}
