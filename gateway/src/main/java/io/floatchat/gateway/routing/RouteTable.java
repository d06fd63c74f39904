package io.floatchat.gateway.routing;

import io.floatchat.common.security.Scopes;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.floatchat.gateway.routing.Upstream.BROADCAST;
import static io.floatchat.gateway.routing.Upstream.CONVERSATIONS;
import static io.floatchat.gateway.routing.Upstream.GATEWAY;
import static io.floatchat.gateway.routing.Upstream.TRIGGER;
import static io.floatchat.gateway.routing.Upstream.USERS;

/** The public API (docs/api.md), route by route: which service answers and which scope it needs. */
public final class RouteTable {

    /** What docs/api.md calls P: the path of one bot, under which most routes live. */
    public static final String P = "/bot-api/v1.0/customer/{customerId}/bot/{botKey}";
    private static final String KEYS = "/bot-api/v1.0/customer/{customerId}/api-keys";

    public static final List<Route> PUBLIC_API = List.of(
            new Route("GET", P + "/users", USERS, Scopes.USERS_READ, false),
            new Route("GET", P + "/channel-user/{userId}", USERS, Scopes.USERS_READ, false),
            new Route("PATCH", P + "/channel-user/{userId}/attributes", USERS, Scopes.USERS_WRITE, false),

            new Route("GET", P + "/channel-user/{userId}/conversations", CONVERSATIONS, Scopes.CONVERSATIONS_READ, false),
            new Route("POST", P + "/channel-user/{userId}/messages", CONVERSATIONS, Scopes.CONVERSATIONS_WRITE, false),

            // up to 100,000 channel user ids: the upload-sized limit; an audience or placeholders read users
            new Route("POST", P + "/broadcasts", BROADCAST, Scopes.BROADCASTS_WRITE, true, true),
            new Route("GET", P + "/broadcasts", BROADCAST, Scopes.BROADCASTS_READ, false),
            new Route("GET", P + "/broadcasts/{broadcastId}", BROADCAST, Scopes.BROADCASTS_READ, false),
            new Route("DELETE", P + "/broadcasts/{broadcastId}", BROADCAST, Scopes.BROADCASTS_WRITE, false),
            new Route("GET", P + "/broadcasts/{broadcastId}/recipients", BROADCAST, Scopes.BROADCASTS_READ, false),
            new Route("PUT", P + "/channels/whatsapp", BROADCAST, Scopes.CHANNELS_WRITE, false),
            new Route("GET", P + "/channels/whatsapp", BROADCAST, Scopes.CHANNELS_WRITE, false),
            new Route("POST", "/whatsapp-api/v1.0/customer/{customerId}/bot/{botKey}/external/broadcast", BROADCAST,
                    Scopes.BROADCASTS_WRITE, true),
            new Route("GET", "/webhooks/whatsapp/{botKey}", BROADCAST, null, false),
            new Route("POST", "/webhooks/whatsapp/{botKey}", BROADCAST, null, false),

            new Route("GET", P + "/flows", TRIGGER, Scopes.FLOWS_READ, false),
            new Route("GET", P + "/flows/{flowKey}", TRIGGER, Scopes.FLOWS_READ, false),
            new Route("PUT", P + "/flows/{flowKey}", TRIGGER, Scopes.FLOWS_WRITE, false),
            new Route("DELETE", P + "/flows/{flowKey}", TRIGGER, Scopes.FLOWS_WRITE, false),
            new Route("POST", P + "/flows/{flowKey}/rotate-secret", TRIGGER, Scopes.FLOWS_WRITE, false),
            new Route("POST", P + "/flow/{flowKey}", TRIGGER, Scopes.FLOWS_TRIGGER, false),
            new Route("GET", P + "/flow-runs/{runId}", TRIGGER, Scopes.FLOWS_READ, false),

            new Route("POST", KEYS, GATEWAY, Scopes.KEYS_MANAGE, false),
            new Route("GET", KEYS, GATEWAY, Scopes.KEYS_MANAGE, false),
            new Route("POST", KEYS + "/{keyId}/regenerate", GATEWAY, Scopes.KEYS_MANAGE, false),
            new Route("DELETE", KEYS + "/{keyId}", GATEWAY, Scopes.KEYS_MANAGE, false));

    private final List<CompiledRoute> routes = new ArrayList<>();

    public RouteTable(List<Route> routes) {
        routes.forEach(route -> this.routes.add(new CompiledRoute(route, route.segments().toArray(String[]::new))));
    }

    public static RouteTable publicApi() {
        return new RouteTable(PUBLIC_API);
    }

    /** The route for this method and path, or null: an unknown route. */
    public Route.Match match(String method, String path) {
        String[] segments = split(path);
        if (segments == null) {
            return null;
        }
        for (CompiledRoute route : routes) {
            if (route.route.method().equals(method)) {
                Map<String, String> parameters = route.match(segments);
                if (parameters != null) {
                    return new Route.Match(route.route, parameters);
                }
            }
        }
        return null;
    }

    /** The methods some route takes at this path (empty: no route has the path). */
    public List<String> methodsOf(String path) {
        String[] segments = split(path);
        if (segments == null) {
            return List.of();
        }
        List<String> methods = new ArrayList<>();
        for (CompiledRoute route : routes) {
            if (route.match(segments) != null && !methods.contains(route.route.method())) {
                methods.add(route.route.method());
            }
        }
        return methods;
    }

    private static String[] split(String path) {
        if (path == null || path.length() < 2 || path.charAt(0) != '/') {
            return null;
        }
        String trimmed = path.endsWith("/") ? path.substring(1, path.length() - 1) : path.substring(1);
        return trimmed.split("/", -1);
    }

    private record CompiledRoute(Route route, String[] pattern) {

        Map<String, String> match(String[] segments) {
            if (segments.length != pattern.length) {
                return null;
            }
            Map<String, String> parameters = null;
            for (int i = 0; i < pattern.length; i++) {
                String expected = pattern[i];
                if (expected.startsWith("{")) {
                    if (segments[i].isEmpty()) {
                        return null;
                    }
                    if (parameters == null) {
                        parameters = new HashMap<>(4);
                    }
                    parameters.put(expected.substring(1, expected.length() - 1), segments[i]);
                } else if (!expected.equals(segments[i])) {
                    return null;
                }
            }
            return parameters == null ? Map.of() : parameters;
        }
    }
}
