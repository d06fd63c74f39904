package io.floatchat.common.outbox;

import io.floatchat.common.events.Topics;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;

/** What became of one record the relay handed to Kafka. */
sealed interface Delivery {

    /** Kafka has it. */
    record Acked() implements Delivery {
    }

    /** Kafka will never take it as it is: it goes to the dead-letter table. */
    record Refused(String kind, String reason) implements Delivery {
    }

    /** Kafka could not take it now (unreachable, a timeout): it stays for a later round. */
    record Failed(Throwable cause) implements Delivery {
    }

    Delivery ACKED = new Acked();

    /** A record the relay refuses before Kafka sees it, or null when it may be sent. */
    static Refused refusedBeforeSending(OutboxRecord record) {
        if (record.topic() == null || !Topics.ALL.contains(record.topic())) {
            return new Refused("unknown_topic", "the platform has no topic " + record.topic());
        }
        if (record.key() == null || record.payload() == null) {
            return new Refused("incomplete", "the record has no key or no payload");
        }
        return null;
    }

    /** How a send's failure is taken: refused for good when Kafka's answer cannot change by retrying. */
    static Delivery ofFailure(Throwable failure) {
        Throwable cause = failure;
        while (cause != null) {
            if (cause instanceof RecordTooLargeException || cause instanceof RecordBatchTooLargeException) {
                return new Refused("too_large", "Kafka refused it as too large (" + cause.getMessage() + ")");
            }
            if (cause instanceof InvalidTopicException) {
                return new Refused("unknown_topic", "Kafka refused its topic (" + cause.getMessage() + ")");
            }
            if (cause instanceof SerializationException) {
                return new Refused("unserialisable", "it could not be serialised (" + cause.getMessage() + ")");
            }
            cause = cause.getCause() == cause ? null : cause.getCause();
        }
        return new Failed(failure);
    }
}
