package io.floatchat.gateway.security;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.assertj.core.api.Assertions.assertThat;

class BasicCredentialsTest {

    private static final String KEY = ApiKeyFormat.newKey(ApiKeyFormat.newKeyId());

    @Test
    void rawKeyAsFloatChatDocumentsIt() {
        assertThat(BasicCredentials.apiKey("Basic " + KEY)).isEqualTo(KEY);
        assertThat(BasicCredentials.apiKey("basic " + KEY)).isEqualTo(KEY);
    }

    @Test
    void rfc7617FormAsCurlSendsIt() {
        assertThat(BasicCredentials.apiKey("Basic " + base64(KEY + ":"))).isEqualTo(KEY);
        assertThat(BasicCredentials.apiKey("Basic " + base64(":" + KEY))).isEqualTo(KEY);
    }

    @Test
    void otherSchemesAndGarbageGiveNothing() {
        assertThat(BasicCredentials.apiKey(null)).isNull();
        assertThat(BasicCredentials.apiKey("Bearer " + KEY)).isNull();
        assertThat(BasicCredentials.apiKey("Basic %%%not-base64")).isNull();
        assertThat(BasicCredentials.apiKey("Basic " + "A".repeat(1000))).isNull();
    }

    private static String base64(String value) {
        return Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8));
    }
}
