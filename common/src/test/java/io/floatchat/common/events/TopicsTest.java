package io.floatchat.common.events;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Properties;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class TopicsTest {

    @Test
    void allNamesEveryTopicConstantSoTheRelayPublishesToEachOfThem() throws IllegalAccessException {
        Set<String> constants = new HashSet<>();
        for (Field field : Topics.class.getFields()) {
            if (Modifier.isStatic(field.getModifiers()) && field.getType() == String.class) {
                constants.add((String) field.get(null));
            }
        }
        assertThat(Topics.ALL).containsExactlyInAnyOrderElementsOf(constants);
    }

    @Test
    void everyProducerSendsAtMostTheRecordSizeEveryBrokerTakes() throws IOException {
        Properties defaults = new Properties();
        try (InputStream in = Topics.class.getResourceAsStream("/META-INF/microprofile-config.properties")) {
            defaults.load(in);
        }
        assertThat(defaults.getProperty("mp.messaging.connector.smallrye-kafka.max.request.size"))
                .isEqualTo(String.valueOf(Topics.MOST_RECORD_BYTES));
    }
}
