package io.floatchat.common.events;

import java.time.Duration;

/** The Kafka topics of the platform (see ARCHITECTURE.md for keys, producers and consumers). */
public final class Topics {

    public static final String MESSAGES = "floatchat.messages.v1";
    public static final String USER_ATTRIBUTES = "floatchat.user-attributes.v1";
    public static final String BROADCAST_DISPATCH = "floatchat.broadcast-dispatch.v1";
    public static final String BROADCAST_REQUESTS = "floatchat.broadcast-requests.v1";
    public static final String BROADCAST_EVENTS = "floatchat.broadcast-events.v1";
    public static final String TRIGGER_EVENTS = "floatchat.trigger-events.v1";
    public static final String TRIGGER_EVENTS_DLQ = "floatchat.trigger-events.dlq.v1";
    public static final String APIKEY_EVENTS = "floatchat.apikey-events.v1";

    /**
     * How long the work topics keep a record (deploy/k8s sets it per topic; the build checks that
     * none keeps longer): a consumer's de-duplication of events must outlive it.
     */
    public static final Duration WORK_TOPIC_RETENTION = Duration.ofDays(7);

    private Topics() {
    }

    /** The record key of the per-user topics: {@code botKey/userId}, so one user's events stay in order. */
    public static String userKey(String botKey, String userId) {
        return botKey + "/" + userId;
    }
}
