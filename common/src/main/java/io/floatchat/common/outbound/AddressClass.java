package io.floatchat.common.outbound;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;

/**
 * What an IP address is, for the outbound guard: public, private (loopback, RFC 1918, shared
 * CGNAT space, unique-local — reachable only when the operator allows private networks), or
 * forbidden whatever the operator says (link-local, where cloud metadata lives; multicast;
 * unspecified; reserved and documentation ranges; and every IPv6 form that carries an IPv4 address
 * to somewhere this table cannot see: NAT64, 6to4, Teredo, IPv4-compatible). An IPv4-mapped IPv6
 * address ({@code ::ffff:a.b.c.d}) is judged as its IPv4 address.
 */
public enum AddressClass {
    PUBLIC(null),
    /** Clouds' metadata and platform endpoints outside link-local: refused even where private networks are allowed. */
    METADATA("a cloud metadata address"),
    PRIVATE("a loopback or private address"),
    LINK_LOCAL("a link-local address"),
    MULTICAST("a multicast address"),
    UNSPECIFIED("an unspecified address"),
    RESERVED("a reserved address"),
    EMBEDDED_IPV4("an IPv6 address that carries an IPv4 address (NAT64, 6to4, Teredo or IPv4-compatible)");

    /** How a refusal describes the class: never the address itself. */
    private final String description;

    AddressClass(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }

    private static final List<Block> IPV4 = List.of(
            // Alibaba Cloud's metadata (in the shared CGNAT block) and Azure's wire server (a public address)
            new Block("100.100.100.200", 32, METADATA),
            new Block("168.63.129.16", 32, METADATA),
            new Block("0.0.0.0", 8, UNSPECIFIED),
            new Block("10.0.0.0", 8, PRIVATE),
            new Block("100.64.0.0", 10, PRIVATE),
            new Block("127.0.0.0", 8, PRIVATE),
            new Block("169.254.0.0", 16, LINK_LOCAL),
            new Block("172.16.0.0", 12, PRIVATE),
            new Block("192.0.0.0", 24, RESERVED),
            new Block("192.0.2.0", 24, RESERVED),
            new Block("192.88.99.0", 24, RESERVED),
            new Block("192.168.0.0", 16, PRIVATE),
            new Block("198.18.0.0", 15, RESERVED),
            new Block("198.51.100.0", 24, RESERVED),
            new Block("203.0.113.0", 24, RESERVED),
            new Block("224.0.0.0", 4, MULTICAST),
            new Block("240.0.0.0", 4, RESERVED));

    private static final List<Block> IPV6 = List.of(
            // AWS's IPv6 instance metadata (in the unique-local block)
            new Block("fd00:ec2::254", 128, METADATA),
            new Block("::", 128, UNSPECIFIED),
            new Block("::1", 128, PRIVATE),
            new Block("::", 96, EMBEDDED_IPV4),
            // IPv4-translated (SIIT) ::ffff:0:a.b.c.d
            new Block("::ffff:0:0:0", 96, EMBEDDED_IPV4),
            new Block("64:ff9b::", 96, EMBEDDED_IPV4),
            new Block("64:ff9b:1::", 48, EMBEDDED_IPV4),
            new Block("100::", 64, RESERVED),
            new Block("2001::", 32, EMBEDDED_IPV4),
            new Block("2001:2::", 48, RESERVED),
            new Block("2001:db8::", 32, RESERVED),
            new Block("2002::", 16, EMBEDDED_IPV4),
            new Block("fc00::", 7, PRIVATE),
            new Block("fe80::", 10, LINK_LOCAL),
            new Block("fec0::", 10, PRIVATE),
            new Block("ff00::", 8, MULTICAST));

    /** The class of the address; the first block of the table that holds it decides. */
    public static AddressClass of(InetAddress address) {
        byte[] bytes = address.getAddress();
        if (address instanceof Inet6Address && isIpv4Mapped(bytes)) {
            return of(ipv4(bytes));
        }
        for (Block block : address instanceof Inet4Address ? IPV4 : IPV6) {
            if (block.contains(bytes)) {
                return block.kind();
            }
        }
        return PUBLIC;
    }

    private static boolean isIpv4Mapped(byte[] bytes) {
        for (int i = 0; i < 10; i++) {
            if (bytes[i] != 0) {
                return false;
            }
        }
        return bytes[10] == (byte) 0xff && bytes[11] == (byte) 0xff;
    }

    private static InetAddress ipv4(byte[] mapped) {
        try {
            return InetAddress.getByAddress(new byte[] {mapped[12], mapped[13], mapped[14], mapped[15]});
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible);
        }
    }

    /** A CIDR block of the table. */
    private record Block(byte[] network, int prefix, AddressClass kind) {

        Block(String network, int prefix, AddressClass kind) {
            this(parse(network), prefix, kind);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int whole = prefix / 8;
            for (int i = 0; i < whole; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int rest = prefix % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[whole] & mask) == (network[whole] & mask);
        }

        private static byte[] parse(String literal) {
            try {
                // literals only: no name is ever looked up here
                return InetAddress.getByName(literal).getAddress();
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException(literal, e);
            }
        }
    }
}
