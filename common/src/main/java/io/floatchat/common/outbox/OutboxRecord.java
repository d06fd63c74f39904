package io.floatchat.common.outbox;

import java.nio.charset.StandardCharsets;

/** One Kafka record an outbox row holds: alone in its row, or one of several packed into it. */
record OutboxRecord(String topic, String key, String payload) {

    /** Its key and value as the producer sends them. */
    int bytes() {
        return (key == null ? 0 : key.getBytes(StandardCharsets.UTF_8).length)
                + (payload == null ? 0 : payload.getBytes(StandardCharsets.UTF_8).length);
    }
}
