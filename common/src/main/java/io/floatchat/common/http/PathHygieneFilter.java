package io.floatchat.common.http;

import io.floatchat.common.error.ErrorCode;
import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Locale;

/**
 * Refuses, before anything else reads it, a path whose meaning depends on who decodes or normalises
 * it: a NUL, an empty segment ({@code //}), a {@code .} or {@code ..} segment (also percent-encoded),
 * an encoded slash or backslash. A router, a tenant check and a proxy could each read such a path
 * differently; a plain path reads the same to all of them. 400 / 1001 in the envelope, in every service.
 */
@ApplicationScoped
public class PathHygieneFilter {

    /** After {@link RequestIdFilter}, so the refusal carries the request id; before everything else. */
    private static final int PRIORITY = 990;

    private final RouterErrorResponses errors;

    public PathHygieneFilter(RouterErrorResponses errors) {
        this.errors = errors;
    }

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String problem = problem(context.request().path());
            if (problem != null) {
                errors.respond(context, ErrorCode.INVALID_REQUEST, "The path " + problem + ": send it plain, without "
                        + "'.', '..' or empty segments, encoded slashes or NUL characters.");
                return;
            }
            context.next();
        }, PRIORITY);
    }

    /** What is wrong with the raw path (as sent, before decoding), or null. */
    public static String problem(String rawPath) {
        if (rawPath == null || rawPath.isEmpty()) {
            return null;
        }
        if (rawPath.indexOf('\0') >= 0 || rawPath.indexOf('\\') >= 0) {
            return "holds a NUL or a backslash";
        }
        String lower = rawPath.toLowerCase(Locale.ROOT);
        if (lower.contains("%00") || lower.contains("%2f") || lower.contains("%5c")) {
            return "holds an encoded NUL, slash or backslash";
        }
        if (rawPath.contains("//")) {
            return "has an empty segment";
        }
        for (String segment : lower.split("/", -1)) {
            String decodedDots = segment.replace("%2e", ".");
            if (decodedDots.equals(".") || decodedDots.equals("..")) {
                return "has a '.' or '..' segment";
            }
        }
        return null;
    }
}
