package io.floatchat.local;

import io.floatchat.common.events.Topics;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LocalKafkaTest {

    @Test
    void theTenantAnnouncementsAreKeptCompactedAsTheServicesExpect() {
        assertThat(LocalKafka.COMPACTED_TOPICS).containsExactly(Topics.TENANTS);
    }

    @Test
    void theBrokerTakesEveryRecordAServiceSends() {
        assertThat(LocalKafka.MOST_RECORD_BYTES).isEqualTo(Topics.MOST_RECORD_BYTES);
    }
}
