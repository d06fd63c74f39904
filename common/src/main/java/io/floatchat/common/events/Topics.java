package io.floatchat.common.events;

import java.time.Duration;
import java.util.Set;

/** The Kafka topics of the platform (docs/architecture.md lists their keys, producers and consumers). */
public final class Topics {

    public static final String MESSAGES = "floatchat.messages.v1";
    public static final String USER_ATTRIBUTES = "floatchat.user-attributes.v1";
    public static final String BROADCAST_DISPATCH = "floatchat.broadcast-dispatch.v1";
    public static final String BROADCAST_REQUESTS = "floatchat.broadcast-requests.v1";
    public static final String BROADCAST_EVENTS = "floatchat.broadcast-events.v1";
    public static final String TRIGGER_EVENTS = "floatchat.trigger-events.v1";
    public static final String TRIGGER_EVENTS_DLQ = "floatchat.trigger-events.dlq.v1";
    public static final String APIKEY_EVENTS = "floatchat.apikey-events.v1";
    public static final String TENANTS = "floatchat.tenants.v1";
    public static final String MESSAGES_DLQ = "floatchat.messages.dlq.v1";
    public static final String USER_ATTRIBUTES_DLQ = "floatchat.user-attributes.dlq.v1";

    /** Every topic above: the outbox relay publishes to no other (a row naming another is a dead letter). */
    public static final Set<String> ALL = Set.of(MESSAGES, USER_ATTRIBUTES, BROADCAST_DISPATCH, BROADCAST_REQUESTS,
            BROADCAST_EVENTS, TRIGGER_EVENTS, TRIGGER_EVENTS_DLQ, APIKEY_EVENTS, TENANTS, MESSAGES_DLQ, USER_ATTRIBUTES_DLQ);

    /**
     * The largest record, in bytes, that every producer sends ({@code max.request.size}, common's config)
     * and every broker and topic accepts ({@code message.max.bytes}: the test Kafka, the local Kafka and
     * deploy/k8s; the build checks they agree). One number, so a record the producer takes is never
     * refused by the broker after it, and one the producer refuses is refused at once, never retried.
     */
    public static final int MOST_RECORD_BYTES = 1_048_576;

    /**
     * How long the work topics keep a record (deploy/k8s sets it per topic; the build checks that
     * none keeps longer): a consumer's de-duplication of events must outlive it.
     */
    public static final Duration WORK_TOPIC_RETENTION = Duration.ofDays(7);

    private Topics() {
    }

    /** The dead-letter topic of a topic outside producers write to. */
    public static String deadLetterTopicOf(String topic) {
        return switch (topic) {
            case MESSAGES -> MESSAGES_DLQ;
            case USER_ATTRIBUTES -> USER_ATTRIBUTES_DLQ;
            case TRIGGER_EVENTS -> TRIGGER_EVENTS_DLQ;
            default -> throw new IllegalArgumentException(topic + " has no dead-letter topic");
        };
    }

    /** The record key of the per-user topics: {@code botKey/userId}, so one user's events stay in order. */
    public static String userKey(String botKey, String userId) {
        return botKey + "/" + userId;
    }
}
