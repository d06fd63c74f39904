package io.floatchat.gateway.routing;

/** Where a route goes: one of the four services, or the gateway's own REST resources. */
public enum Upstream {
    USERS,
    CONVERSATIONS,
    BROADCAST,
    TRIGGER,
    GATEWAY
}
