package io.meshperf.kafka.embedded;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Picks free TCP ports and checks that a port can be bound, so bind errors name the port. */
final class Ports {

    private Ports() {
    }

    /**
     * A port that was free on the address a moment ago. Another process may take it before Kafka
     * binds it; Kafka's bind then fails and start() reports that port.
     */
    static int pickFree(InetAddress address) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, 0));
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot find a free TCP port on " + address.getHostAddress(), e);
        }
    }

    /**
     * Binds and releases the port the way Kafka will bind it (SO_REUSEADDR on), so that a port
     * held only by connections in TIME_WAIT after a restart passes and a port another listener
     * holds fails.
     *
     * @param role what the port is for, for the message ("client", "controller")
     * @throws EmbeddedKafkaException naming the address and port when it is in use
     */
    static void requireFree(InetAddress address, int port, String role) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(address, port));
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot start Kafka: " + role + " port " + port + " on "
                    + address.getHostAddress() + " is already in use (" + e.getMessage() + ")", e);
        }
    }
}
