package io.floatchat.common.security;

/**
 * The customer and bot a path names: {@code /bot-api/v1.0/customer/{customerId}/bot/{botKey}/...}
 * or the External Broadcast API's {@code /whatsapp-api/v1.0/customer/{customerId}/bot/{botKey}/...}.
 */
public record TenantPath(String customerId, String botKey) {

    /** The tenant the path names, or null when it names none. */
    public static TenantPath of(String path) {
        String[] segments = path.startsWith("/") ? path.substring(1).split("/") : path.split("/");
        if (segments.length < 6 || !("bot-api".equals(segments[0]) || "whatsapp-api".equals(segments[0]))
                || !"customer".equals(segments[2]) || !"bot".equals(segments[4])) {
            return null;
        }
        return new TenantPath(segments[3], segments[5]);
    }
}
