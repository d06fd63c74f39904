package io.floatchat.common.http;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Gives every request an id before anything else runs, and echoes it on the response, so that an
 * error body, an access-log line and a client report can be matched at 3 a.m.
 */
@ApplicationScoped
public class RequestIdFilter {

    /** Runs before the security and REST layers (higher priority runs first). */
    private static final int PRIORITY = 1_000;

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String requestId = RequestIds.acceptOrGenerate(context.request().getHeader(RequestIds.HEADER));
            context.request().headers().set(RequestIds.HEADER, requestId);
            context.response().putHeader(RequestIds.HEADER, requestId);
            context.next();
        }, PRIORITY);
    }
}
