package io.floatchat.common.outbound;

import io.vertx.core.net.SocketAddress;

import java.net.InetAddress;
import java.net.URI;

/**
 * A URL the guard let through, with the address it vetted: the call connects to that address
 * (so a second lookup cannot swap it) and names the URL's host for TLS and the Host header.
 */
public record Destination(URI url, InetAddress address) {

    public boolean https() {
        return "https".equalsIgnoreCase(url.getScheme());
    }

    public int port() {
        return url.getPort() > 0 ? url.getPort() : https() ? 443 : 80;
    }

    /** The vetted address and the URL's port: what {@code RequestOptions#setServer} connects to. */
    public SocketAddress server() {
        return SocketAddress.inetSocketAddress(port(), address.getHostAddress());
    }

    /** The URL's host as a name (an IPv6 literal without its brackets). */
    public String host() {
        String host = url.getHost();
        return host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
    }

    /** The path and query the request line carries. */
    public String pathAndQuery() {
        String path = url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath();
        return url.getRawQuery() == null ? path : path + "?" + url.getRawQuery();
    }
}
