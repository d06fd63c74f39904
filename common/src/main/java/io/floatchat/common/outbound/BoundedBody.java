package io.floatchat.common.outbound;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.http.HttpClientResponse;

import java.nio.charset.StandardCharsets;

/**
 * An outside server's answer read up to a bound: what is beyond it is read and discarded, never
 * held, so a peer that answers with gigabytes costs this service nothing but the time.
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The first {@code maxChars} characters of the body (UTF-8). */
    public static Uni<String> read(HttpClientResponse response, int maxChars) {
        return response.toMulti().collect().in(StringBuilder::new, (text, chunk) -> {
            if (text.length() < maxChars) {
                String part = chunk.toString(StandardCharsets.UTF_8);
                text.append(part, 0, Math.min(part.length(), maxChars - text.length()));
            }
        }).map(StringBuilder::toString);
    }
}
