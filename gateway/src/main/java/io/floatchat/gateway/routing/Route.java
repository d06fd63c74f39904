package io.floatchat.gateway.routing;

import java.util.List;
import java.util.Map;

/**
 * One public route: method and path pattern ({@code {name}} segments are parameters), the service
 * it goes to, the scope it needs (null: no API key, e.g. webhooks that carry their own signature),
 * whether it takes an upload-sized body, and whether its service reads the caller's users on the
 * caller's behalf (it then gets a second token, for users-service).
 */
public record Route(String method, String pattern, Upstream upstream, String scope, boolean upload, boolean readsUsers) {

    public Route(String method, String pattern, Upstream upstream, String scope, boolean upload) {
        this(method, pattern, upstream, scope, upload, false);
    }

    public static final String CUSTOMER_ID = "customerId";
    public static final String BOT_KEY = "botKey";

    List<String> segments() {
        return List.of(pattern.substring(1).split("/"));
    }

    public boolean authenticated() {
        return scope != null;
    }

    /** A matched route with the values of its path parameters. */
    public record Match(Route route, Map<String, String> parameters) {

        public String customerId() {
            return parameters.get(CUSTOMER_ID);
        }

        public String botKey() {
            return parameters.get(BOT_KEY);
        }
    }
}
