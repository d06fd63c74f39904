package io.floatchat.gateway.security;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ApiKeyFormatTest {

    @Test
    void aNewKeyCarriesItsIdAndPassesItsChecksum() {
        String keyId = ApiKeyFormat.newKeyId();
        String key = ApiKeyFormat.newKey(keyId);
        assertThat(key).hasSize(ApiKeyFormat.LENGTH).startsWith("fcak_").matches("fcak_[0-9A-Za-z]{50}");
        assertThat(ApiKeyFormat.keyIdOf(key)).isEqualTo(keyId);
    }

    @Test
    void anyChangedCharacterFailsTheChecksum() {
        String key = ApiKeyFormat.newKey(ApiKeyFormat.newKeyId());
        for (int i = ApiKeyFormat.PREFIX.length(); i < key.length(); i++) {
            char replacement = key.charAt(i) == 'a' ? 'b' : 'a';
            String nearMiss = key.substring(0, i) + replacement + key.substring(i + 1);
            assertThat(ApiKeyFormat.keyIdOf(nearMiss)).as("changed at %d", i).isNull();
        }
    }

    @Test
    void malformedCandidatesAreRejectedWithoutALookup() {
        String key = ApiKeyFormat.newKey(ApiKeyFormat.newKeyId());
        assertThat(ApiKeyFormat.keyIdOf(null)).isNull();
        assertThat(ApiKeyFormat.keyIdOf("")).isNull();
        assertThat(ApiKeyFormat.keyIdOf(key.substring(1))).isNull();
        assertThat(ApiKeyFormat.keyIdOf(key + "x")).isNull();
        assertThat(ApiKeyFormat.keyIdOf("ghp_" + key.substring(4))).isNull();
        assertThat(ApiKeyFormat.keyIdOf(key.substring(0, 20) + "-" + key.substring(21))).isNull();
    }

    @Test
    void keysAreUnique() {
        Set<String> keys = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            keys.add(ApiKeyFormat.newKey(ApiKeyFormat.newKeyId()));
        }
        assertThat(keys).hasSize(10_000);
    }
}
