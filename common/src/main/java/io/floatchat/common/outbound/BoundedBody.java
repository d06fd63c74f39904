package io.floatchat.common.outbound;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.http.HttpClientResponse;

import java.nio.charset.StandardCharsets;

/**
 * An outside server's answer read up to a bound: once that much has arrived, the connection is
 * dropped instead of drained, so a peer that answers with gigabytes costs this service neither the
 * memory nor the time.
 */
public final class BoundedBody {

    private BoundedBody() {
    }

    /** The first {@code maxChars} characters of the body (UTF-8). */
    public static Uni<String> read(HttpClientResponse response, int maxChars) {
        return Uni.createFrom().emitter(emitter -> {
            StringBuilder text = new StringBuilder();
            response.exceptionHandler(emitter::fail);
            response.endHandler(() -> emitter.complete(text.toString()));
            response.handler(chunk -> {
                if (text.length() >= maxChars) {
                    return;
                }
                String part = chunk.toString(StandardCharsets.UTF_8);
                text.append(part, 0, Math.min(part.length(), maxChars - text.length()));
                if (text.length() >= maxChars) {
                    // what follows is not read: the connection goes rather than being drained
                    response.request().reset();
                    emitter.complete(text.toString());
                }
            });
        });
    }
}
