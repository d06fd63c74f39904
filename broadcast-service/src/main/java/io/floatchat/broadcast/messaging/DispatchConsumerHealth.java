package io.floatchat.broadcast.messaging;

import io.floatchat.broadcast.service.SendingEngine;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Liveness;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;

/**
 * Alive while the dispatch consumer's thread polls: it never waits for a send, only for a claim
 * (bounded), so a poll older than {@link #STALLED} means the thread is stuck or gone, and a restart helps.
 * A slow provider never makes it DOWN: it fills its own account's lane, which the data shows.
 */
@Liveness
@Readiness
@ApplicationScoped
public class DispatchConsumerHealth implements HealthCheck {

    static final Duration STALLED = Duration.ofSeconds(60);

    private final DispatchConsumer consumer;
    private final SendingEngine engine;

    public DispatchConsumerHealth(DispatchConsumer consumer, SendingEngine engine) {
        this.consumer = consumer;
        this.engine = engine;
    }

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("broadcast-dispatch")
                .status(consumer.stopping() || consumer.polling(STALLED))
                .withData("recipientsInLanes", engine.held())
                .withData("sendsInFlight", engine.sendsInFlight())
                .build();
    }
}
