package io.floatchat.common.http;

import io.floatchat.common.error.ErrorCode;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;

/**
 * Refuses a body whose declared length is over {@code quarkus.http.limits.max-body-size} before
 * reading a byte of it, in the envelope; {@link StreamedBodyLimitFilter} bounds a body without one.
 */
@ApplicationScoped
public class BodySizeLimitFilter {

    /** After {@link RequestIdFilter}, so the rejection carries the request id. */
    private static final int PRIORITY = 900;

    private final long limit;
    private final RouterErrorResponses errors;

    public BodySizeLimitFilter(@ConfigProperty(name = "quarkus.http.limits.max-body-size") Optional<MemorySize> limit,
                               RouterErrorResponses errors) {
        this.limit = limit.map(MemorySize::asLongValue).orElse(Long.MAX_VALUE);
        this.errors = errors;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String declared = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && exceeds(declared)) {
                errors.respondAndClose(context, ErrorCode.PAYLOAD_TOO_LARGE,
                        "The request body is larger than the " + limit + " bytes this service accepts.");
                return;
            }
            context.next();
        }, PRIORITY);
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > limit;
        } catch (NumberFormatException e) {
            return false;
        }
    }
}
