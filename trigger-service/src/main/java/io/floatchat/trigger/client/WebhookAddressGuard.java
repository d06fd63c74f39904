package io.floatchat.trigger.client;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * The SSRF guard of {@code call_webhook}: a webhook may only reach public addresses. Loopback,
 * private, shared (CGNAT), unique-local, link-local, multicast and unspecified addresses are refused;
 * IPv4-mapped IPv6 addresses are judged by their IPv4 address. {@code allowPrivateNetworks} admits
 * loopback and private ranges (local use), never link-local — that is where cloud metadata lives.
 */
public final class WebhookAddressGuard {

    private WebhookAddressGuard() {
    }

    /** Why this address may not be called, or null when it may. */
    public static String refusal(InetAddress address, boolean allowPrivateNetworks) {
        InetAddress judged = unmapped(address);
        if (judged.isLinkLocalAddress() || inRange(judged, ipv4(169, 254, 0, 0), 16)) {
            return "link-local address " + judged.getHostAddress();
        }
        if (judged.isMulticastAddress()) {
            return "multicast address " + judged.getHostAddress();
        }
        if (judged.isAnyLocalAddress() || inRange(judged, 0, 8)) {
            return "unspecified address " + judged.getHostAddress();
        }
        boolean privateOrLoopback = judged.isLoopbackAddress() || judged.isSiteLocalAddress()
                || inRange(judged, ipv4(100, 64, 0, 0), 10) || isUniqueLocal(judged);
        if (privateOrLoopback && !allowPrivateNetworks) {
            return "private or loopback address " + judged.getHostAddress();
        }
        return null;
    }

    /**
     * Whether finding the host's addresses may ask a name server (and so block): false for an IP
     * literal, a strict dotted quad or a bracketed IPv6 address, which is only parsed.
     */
    public static boolean needsLookup(String host) {
        if (host == null || host.startsWith("[")) {
            return false;
        }
        String[] octets = host.split("\\.", -1);
        if (octets.length != 4) {
            return true;
        }
        for (String octet : octets) {
            boolean decimal = !octet.isEmpty() && octet.length() <= 3 && octet.chars().allMatch(Character::isDigit)
                    && (octet.length() == 1 || octet.charAt(0) != '0');
            if (!decimal || Integer.parseInt(octet) > 255) {
                return true;
            }
        }
        return false;
    }

    /** The URL's first public address, or an {@link IllegalArgumentException} saying why there is none. */
    public static InetAddress resolve(URI url, boolean allowPrivateNetworks) {
        if (url.getHost() == null || !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
            throw new IllegalArgumentException("not an absolute http(s) URL");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(url.getHost());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("host " + url.getHost() + " does not resolve");
        }
        // every address must pass: a name that also resolves to a private address is refused
        for (InetAddress address : addresses) {
            String refusal = refusal(address, allowPrivateNetworks);
            if (refusal != null) {
                throw new IllegalArgumentException("refused " + refusal);
            }
        }
        return addresses[0];
    }

    private static InetAddress unmapped(InetAddress address) {
        if (address instanceof Inet6Address) {
            byte[] bytes = address.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= bytes[i] == 0;
            }
            mapped &= (bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff);
            if (mapped) {
                try {
                    return InetAddress.getByAddress(new byte[]{bytes[12], bytes[13], bytes[14], bytes[15]});
                } catch (UnknownHostException impossible) {
                    throw new IllegalStateException(impossible);
                }
            }
        }
        return address;
    }

    private static boolean isUniqueLocal(InetAddress address) {
        return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
    }

    private static boolean inRange(InetAddress address, int network, int prefix) {
        if (!(address instanceof Inet4Address)) {
            return false;
        }
        int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
        return (toInt(address.getAddress()) & mask) == (network & mask);
    }

    private static int ipv4(int a, int b, int c, int d) {
        return (a << 24) | (b << 16) | (c << 8) | d;
    }

    private static int toInt(byte[] bytes) {
        return ((bytes[0] & 0xff) << 24) | ((bytes[1] & 0xff) << 16) | ((bytes[2] & 0xff) << 8) | (bytes[3] & 0xff);
    }
}
