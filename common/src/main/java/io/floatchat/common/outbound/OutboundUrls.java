package io.floatchat.common.outbound;

import java.net.URI;
import java.net.URISyntaxException;

/**
 * The form an outbound URL a tenant configures must have, before any address is looked at:
 * absolute {@code https} ({@code http} only where the operator allows private networks, i.e. in
 * local and test setups), a host, no user info, no fragment; a base URL (a channel's
 * {@code apiBaseUrl}, to which the platform appends its own path) has no query either.
 */
public final class OutboundUrls {

    public static final int MAX_LENGTH = 2_000;

    private OutboundUrls() {
    }

    /** What the URL is for: a base the platform extends with a path, or a whole endpoint. */
    public enum Kind {
        BASE_URL, ENDPOINT
    }

    /** The parsed URL, or an {@link OutboundRefusedException} saying what is wrong with its form. */
    public static URI parse(String url, Kind kind, boolean allowPrivateNetworks) {
        if (url == null || url.isBlank() || url.length() > MAX_LENGTH) {
            throw new OutboundRefusedException("must be an absolute https URL of at most " + MAX_LENGTH + " characters");
        }
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new OutboundRefusedException("is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
        if (!scheme.equals("https") && !(scheme.equals("http") && allowPrivateNetworks)) {
            throw new OutboundRefusedException("must be an https URL");
        }
        if (uri.getHost() == null || uri.getHost().isEmpty()) {
            throw new OutboundRefusedException("must name a host");
        }
        if (uri.getRawUserInfo() != null) {
            throw new OutboundRefusedException("must not carry user info (user:password@)");
        }
        if (uri.getRawFragment() != null) {
            throw new OutboundRefusedException("must not have a fragment (#...)");
        }
        if (kind == Kind.BASE_URL && uri.getRawQuery() != null) {
            throw new OutboundRefusedException("must not have a query (?...): the platform appends its own path");
        }
        return uri;
    }
}
