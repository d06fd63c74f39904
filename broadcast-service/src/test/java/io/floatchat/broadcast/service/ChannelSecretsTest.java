package io.floatchat.broadcast.service;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A ciphertext opens only for the bot and the field it was sealed to. */
class ChannelSecretsTest {

    private static final ChannelSecrets SECRETS = new ChannelSecrets(Optional.of("MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="));

    @Test
    void aSecretOpensForItsBotAndField() {
        byte[] sealed = SECRETS.encrypt("EAAG-token", "bot-a", "access_token");
        assertThat(SECRETS.decrypt(sealed, "bot-a", "access_token")).isEqualTo("EAAG-token");
        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("EAAG");
    }

    @Test
    void aCiphertextCopiedIntoAnotherBotsRowDoesNotOpen() {
        byte[] sealed = SECRETS.encrypt("EAAG-token", "bot-a", "access_token");
        assertThatThrownBy(() -> SECRETS.decrypt(sealed, "bot-b", "access_token"))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("another bot or field");
    }

    @Test
    void aCiphertextMovedToAnotherFieldDoesNotOpen() {
        byte[] sealed = SECRETS.encrypt("app-secret", "bot-a", "app_secret");
        assertThatThrownBy(() -> SECRETS.decrypt(sealed, "bot-a", "verify_token")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anAlteredCiphertextDoesNotOpen() {
        byte[] sealed = SECRETS.encrypt("app-secret", "bot-a", "app_secret");
        sealed[sealed.length - 1] ^= 1;
        assertThatThrownBy(() -> SECRETS.decrypt(sealed, "bot-a", "app_secret")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void withoutAKeyNothingCanBeSealed() {
        ChannelSecrets none = new ChannelSecrets(Optional.empty());
        assertThat(none.hasKey()).isFalse();
        assertThatThrownBy(() -> none.encrypt("x", "bot-a", "app_secret"))
                .hasMessageContaining("FLOATCHAT_BROADCAST_CHANNEL_SECRET_KEY");
    }
}
