package io.floatchat.common.outbound;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;

import static org.assertj.core.api.Assertions.assertThat;

/** The guard's table, address by address: every form a hostile tenant would try. */
class AddressClassTest {

    @ParameterizedTest(name = "{0} is {1}")
    @CsvSource({
            // public
            "93.184.216.34, PUBLIC",
            "8.8.8.8, PUBLIC",
            "2606:2800:220:1:248:1893:25c8:1946, PUBLIC",
            "100.63.255.255, PUBLIC",
            "100.128.0.0, PUBLIC",
            "198.17.255.255, PUBLIC",
            "198.20.0.0, PUBLIC",
            "223.255.255.255, PUBLIC",
            // loopback and private: only when the operator allows private networks
            "127.0.0.1, PRIVATE",
            "127.255.255.254, PRIVATE",
            "10.1.2.3, PRIVATE",
            "172.16.0.1, PRIVATE",
            "172.31.255.255, PRIVATE",
            "192.168.1.10, PRIVATE",
            "100.64.0.1, PRIVATE",
            "100.127.255.255, PRIVATE",
            "::1, PRIVATE",
            "fc00::1, PRIVATE",
            "fd12:3456::1, PRIVATE",
            "::ffff:127.0.0.1, PRIVATE",
            "::ffff:10.0.0.1, PRIVATE",
            // never
            "169.254.169.254, LINK_LOCAL",
            "::ffff:169.254.169.254, LINK_LOCAL",
            "fe80::1, LINK_LOCAL",
            "febf::1, LINK_LOCAL",
            "224.0.0.1, MULTICAST",
            "239.255.255.250, MULTICAST",
            "ff02::1, MULTICAST",
            "0.0.0.0, UNSPECIFIED",
            "0.1.2.3, UNSPECIFIED",
            ":: , UNSPECIFIED",
            "198.18.0.1, RESERVED",
            "198.19.255.255, RESERVED",
            "240.0.0.1, RESERVED",
            "255.255.255.255, RESERVED",
            "192.0.2.1, RESERVED",
            "2001:db8::1, RESERVED",
            "64:ff9b::a9fe:a9fe, EMBEDDED_IPV4",
            "64:ff9b::7f00:1, EMBEDDED_IPV4",
            "64:ff9b:1::1, EMBEDDED_IPV4",
            "2002:a9fe:a9fe::1, EMBEDDED_IPV4",
            "2002:7f00:1::1, EMBEDDED_IPV4",
            "2001:0:4136:e378:8000:63bf:3fff:fdd2, EMBEDDED_IPV4",
            "::a9fe:a9fe, EMBEDDED_IPV4",
            "::127.0.0.1, EMBEDDED_IPV4",
            "::8.8.8.8, EMBEDDED_IPV4",
            "::ffff:0:a9fe:a9fe, EMBEDDED_IPV4",
            // metadata endpoints that sit in private or public space
            "100.100.100.200, METADATA",
            "168.63.129.16, METADATA",
            "fd00:ec2::254, METADATA"})
    void everyAddressHasTheClassOfTheFirstBlockThatHoldsIt(String literal, AddressClass expected) throws Exception {
        assertThat(AddressClass.of(InetAddress.getByName(literal.trim()))).isEqualTo(expected);
    }
}
