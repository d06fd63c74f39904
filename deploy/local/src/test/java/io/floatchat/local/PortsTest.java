package io.floatchat.local;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PortsTest {

    @Test
    void aTakenPortNamesTheVariableToChange() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(0));
            int port = taken.getLocalPort();
            assertThatThrownBy(() -> Ports.requireAvailable(port, "FLOATCHAT_HTTP_PORT"))
                    .isInstanceOf(LaunchException.class)
                    .hasMessage("Port " + port + " is already in use: stop what is using it or set "
                            + "FLOATCHAT_HTTP_PORT to a free port.");
        }
    }

    @Test
    void zeroMeansAnyFreePort() {
        assertThat(Ports.requireAvailable(0, "FLOATCHAT_HTTP_PORT")).isPositive();
    }
}
