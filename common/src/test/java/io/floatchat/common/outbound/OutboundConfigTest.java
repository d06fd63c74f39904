package io.floatchat.common.outbound;

import io.quarkus.runtime.configuration.DurationConverter;
import io.smallrye.config.PropertiesConfigSource;
import io.smallrye.config.SmallRyeConfig;
import io.smallrye.config.SmallRyeConfigBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OutboundConfigTest {

    @Test
    void privateNetworksAreRefusedByDefault() {
        assertThat(config(Map.of()).allowPrivateNetworks()).isFalse();
    }

    @Test
    void theOldWebhookSettingStillAllowsThemWhenTheNewOneIsNotSet() {
        assertThat(config(Map.of("floatchat.webhooks.allow-private-networks", "true")).allowPrivateNetworks()).isTrue();
    }

    @Test
    void theNewSettingWinsOverTheOldOne() {
        assertThat(config(Map.of("floatchat.webhooks.allow-private-networks", "true",
                "floatchat.outbound.allow-private-networks", "false")).allowPrivateNetworks()).isFalse();
    }

    private static OutboundConfig config(Map<String, String> properties) {
        SmallRyeConfig config = new SmallRyeConfigBuilder()
                .addDefaultInterceptors()
                .withMapping(OutboundConfig.class)
                .withConverter(Duration.class, 100, new DurationConverter())
                .withSources(new PropertiesConfigSource(properties, "test", 100))
                .build();
        return config.getConfigMapping(OutboundConfig.class);
    }
}
