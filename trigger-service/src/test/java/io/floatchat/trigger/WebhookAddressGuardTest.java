package io.floatchat.trigger;

import io.floatchat.trigger.client.WebhookAddressGuard;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.InetAddress;
import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookAddressGuardTest {

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/hook", "http://localhost/hook", "http://2130706433/hook", "http://[::1]/hook",
            "http://[::ffff:127.0.0.1]/hook", "http://10.1.2.3/hook", "http://172.16.0.1/hook", "http://192.168.1.10/hook",
            "http://100.64.0.1/hook", "http://[fc00::1]/hook", "http://[fd12:3456::1]/hook"})
    void privateAndLoopbackFormsAreRefusedUnlessAllowed(String url) {
        assertThatThrownBy(() -> WebhookAddressGuard.resolve(URI.create(url), false))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("private or loopback");
        assertThat(WebhookAddressGuard.resolve(URI.create(url), true)).isNotNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://169.254.169.254/latest/meta-data", "http://[fe80::1]/x", "http://[::ffff:169.254.169.254]/x",
            "http://2852039166/x", "http://224.0.0.1/x", "http://0.0.0.0/x", "http://[::]/x", "http://0.1.2.3/x"})
    void linkLocalMulticastAndUnspecifiedAreRefusedEvenWhenPrivateIsAllowed(String url) {
        assertThatThrownBy(() -> WebhookAddressGuard.resolve(URI.create(url), true))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("refused");
    }

    @Test
    void hexAndUnresolvableHostsAndOtherSchemesAreRefused() {
        assertThatThrownBy(() -> WebhookAddressGuard.resolve(URI.create("http://0x7f000001/x"), true))
                .hasMessageContaining("does not resolve");
        assertThatThrownBy(() -> WebhookAddressGuard.resolve(URI.create("ftp://example.com/x"), true))
                .hasMessageContaining("http(s)");
        assertThatThrownBy(() -> WebhookAddressGuard.resolve(URI.create("file:///etc/passwd"), true))
                .hasMessageContaining("http(s)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1", "93.184.216.34", "0.0.0.0", "255.255.255.255", "[::1]", "[::ffff:127.0.0.1]"})
    void anIpLiteralIsOnlyParsedSoItIsCheckedWithoutLeavingTheEventLoop(String host) {
        assertThat(WebhookAddressGuard.needsLookup(host)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "hooks.example.com", "2130706433", "127.1", "256.0.0.1", "010.0.0.1", "1.2.3.4.5",
            "1..2.3", "0x7f.0.0.1", "1.2.3.4.example.com"})
    void anythingElseMayAskANameServerSoItIsResolvedOnAWorker(String host) {
        assertThat(WebhookAddressGuard.needsLookup(host)).isTrue();
    }

    @Test
    void publicAddressesPass() throws Exception {
        assertThat(WebhookAddressGuard.refusal(InetAddress.getByName("93.184.216.34"), false)).isNull();
        assertThat(WebhookAddressGuard.refusal(InetAddress.getByName("2606:2800:220:1:248:1893:25c8:1946"), false)).isNull();
    }
}
