package io.floatchat.local;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Port checks done before anything starts, so a taken port is one clear sentence, not a stack trace. */
final class Ports {

    private Ports() {
    }

    static int free() {
        try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new LaunchException("No free TCP port is left on this machine.", e);
        }
    }

    /** The port if it can be bound on every interface, else a {@link LaunchException} naming the variable. */
    static int requireAvailable(int port, String variable) {
        if (port == 0) {
            return free();
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
            return port;
        } catch (IOException e) {
            throw new LaunchException("Port " + port + " is already in use: stop what is using it or set "
                    + variable + " to a free port.");
        }
    }
}
