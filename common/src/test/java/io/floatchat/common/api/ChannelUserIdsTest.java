package io.floatchat.common.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelUserIdsTest {

    @Test
    void phoneNumbersChatIdsAndScopedIdsAreChannelUserIds() {
        assertThat(ChannelUserIds.isValid("919876543210")).isTrue();
        assertThat(ChannelUserIds.isValid("+44 7700 900123".replace(" ", ""))).isTrue();
        assertThat(ChannelUserIds.isValid("-1001234567890")).isTrue();
        assertThat(ChannelUserIds.isValid("tg:user.name_1@bot")).isTrue();
        assertThat(ChannelUserIds.isValid("a".repeat(128))).isTrue();
    }

    @Test
    void emptyTooLongOrPathLikeIdsAreRefused() {
        assertThat(ChannelUserIds.isValid(null)).isFalse();
        assertThat(ChannelUserIds.isValid("")).isFalse();
        assertThat(ChannelUserIds.isValid("a".repeat(129))).isFalse();
        assertThat(ChannelUserIds.isValid("../users")).isFalse();
        assertThat(ChannelUserIds.isValid("91 98765")).isFalse();
        assertThat(ChannelUserIds.isValid("9198765\n")).isFalse();
        assertThat(ChannelUserIds.isValid("919876543210%00")).isFalse();
    }
}
