package io.meshperf.kafka.embedded;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * What the caller asked for, checked once when the broker is built. Immutable.
 *
 * @param listenAddress the local address the client listener binds to and advertises
 * @param port the client port; 0 means pick a free one at the first start
 * @param logDir the caller's log directory, or empty for a temporary one owned by the broker
 * @param brokerProperties extra Kafka broker properties, applied over the defaults
 * @param startTimeout how long {@code start()} may take before it fails
 * @param saslPlainUsers user name to password of a second client listener that requires SASL/PLAIN;
 *     empty for none
 */
record BrokerSettings(
        InetAddress listenAddress,
        int port,
        Optional<Path> logDir,
        Map<String, String> brokerProperties,
        Duration startTimeout,
        Map<String, String> saslPlainUsers) {

    private static final java.util.regex.Pattern SASL_USER = java.util.regex.Pattern.compile("[A-Za-z0-9._-]+");

    /**
     * Properties that define the listeners, the quorum and the storage. The broker derives them
     * from the builder's settings; letting callers override them would make bootstrapServers()
     * and restart() lie.
     */
    static final Set<String> MANAGED_PROPERTIES = Set.of(
            "process.roles", "node.id", "broker.id", "controller.quorum.voters",
            "controller.quorum.bootstrap.servers", "listeners", "advertised.listeners",
            "controller.listener.names", "inter.broker.listener.name",
            "listener.security.protocol.map", "log.dirs", "log.dir", "metadata.log.dir");

    BrokerSettings {
        Objects.requireNonNull(listenAddress, "listenAddress");
        Objects.requireNonNull(logDir, "logDir");
        Objects.requireNonNull(brokerProperties, "brokerProperties");
        Objects.requireNonNull(startTimeout, "startTimeout");
        if (listenAddress.isAnyLocalAddress()) {
            throw new IllegalArgumentException("listen host " + listenAddress.getHostAddress()
                    + " is a wildcard address; clients are told the address to connect to, so give"
                    + " a concrete local address (for example 127.0.0.1 or a bridge address)");
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port must be between 0 (pick a free one) and 65535, was " + port);
        }
        if (startTimeout.isNegative() || startTimeout.isZero()) {
            throw new IllegalArgumentException("start timeout must be positive, was " + startTimeout);
        }
        Set<String> managed = new TreeSet<>(brokerProperties.keySet());
        managed.retainAll(MANAGED_PROPERTIES);
        if (!managed.isEmpty()) {
            throw new IllegalArgumentException("broker properties " + managed + " are set by the embedded"
                    + " broker itself; use the builder's listenHost, port and logDir instead");
        }
        brokerProperties = Collections.unmodifiableMap(new LinkedHashMap<>(brokerProperties));
        Objects.requireNonNull(saslPlainUsers, "saslPlainUsers");
        saslPlainUsers.forEach((user, password) -> {
            // Both end up inside a JAAS configuration line, where quotes and ';' would end the entry.
            if (!SASL_USER.matcher(user).matches()) {
                throw new IllegalArgumentException("SASL user name '" + user + "' must be letters, digits, '.', '_' or '-'");
            }
            if (password.isEmpty() || password.contains("\"") || password.contains("\\")) {
                throw new IllegalArgumentException("SASL password of '" + user + "' must be non-empty, without '\"' or '\\'");
            }
        });
        saslPlainUsers = Collections.unmodifiableMap(new LinkedHashMap<>(saslPlainUsers));
    }

    /** Settings without a SASL listener. */
    BrokerSettings(InetAddress listenAddress, int port, Optional<Path> logDir, Map<String, String> brokerProperties,
            Duration startTimeout) {
        this(listenAddress, port, logDir, brokerProperties, startTimeout, Map.of());
    }

    /** Whether the broker has the SASL/PLAIN client listener. */
    boolean hasSaslListener() {
        return !saslPlainUsers.isEmpty();
    }

    /**
     * Resolves a host name or literal and checks that it belongs to this machine, so a typo fails
     * here rather than as a bind error deep inside Kafka.
     *
     * @throws IllegalArgumentException naming the host when it does not resolve or is not local
     */
    static InetAddress localAddress(String host) {
        Objects.requireNonNull(host, "host");
        if (host.isBlank()) {
            throw new IllegalArgumentException("listen host must not be blank");
        }
        InetAddress address;
        try {
            address = InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("listen host '" + host + "' does not resolve", e);
        }
        if (address.isLoopbackAddress() || address.isAnyLocalAddress()) {
            return address;
        }
        try {
            if (NetworkInterface.getByInetAddress(address) == null) {
                throw new IllegalArgumentException("listen host '" + host + "' (" + address.getHostAddress()
                        + ") is not an address of any network interface on this machine");
            }
        } catch (SocketException e) {
            throw new IllegalArgumentException("cannot list network interfaces to check listen host '" + host + "'", e);
        }
        return address;
    }

    /** The address as it appears in a listener URL: IPv6 literals in brackets. */
    static String urlHost(InetAddress address) {
        String literal = address.getHostAddress();
        if (address instanceof Inet6Address) {
            int scope = literal.indexOf('%');
            return "[" + (scope < 0 ? literal : literal.substring(0, scope)) + "]";
        }
        return literal;
    }
}
