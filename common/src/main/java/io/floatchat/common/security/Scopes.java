package io.floatchat.common.security;

import java.util.List;

/** API key scopes; services name them in {@code @RolesAllowed}. */
public final class Scopes {

    public static final String USERS_READ = "users:read";
    public static final String USERS_WRITE = "users:write";
    public static final String CONVERSATIONS_READ = "conversations:read";
    public static final String CONVERSATIONS_WRITE = "conversations:write";
    public static final String BROADCASTS_READ = "broadcasts:read";
    public static final String BROADCASTS_WRITE = "broadcasts:write";
    public static final String CHANNELS_WRITE = "channels:write";
    public static final String FLOWS_READ = "flows:read";
    public static final String FLOWS_WRITE = "flows:write";
    public static final String FLOWS_TRIGGER = "flows:trigger";
    public static final String KEYS_MANAGE = "keys:manage";

    public static final List<String> ALL = List.of(USERS_READ, USERS_WRITE, CONVERSATIONS_READ,
            CONVERSATIONS_WRITE, BROADCASTS_READ, BROADCASTS_WRITE, CHANNELS_WRITE, FLOWS_READ,
            FLOWS_WRITE, FLOWS_TRIGGER, KEYS_MANAGE);

    /** What a key created without a scope list gets: everything but key management. */
    public static final List<String> DEFAULT = ALL.stream().filter(scope -> !scope.equals(KEYS_MANAGE)).toList();

    private Scopes() {
    }
}
