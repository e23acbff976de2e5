package io.meshperf.coordinator.discovery.registration;

/**
 * A Service to measure outside Kubernetes, given as {@code host:port} (an IPv6 literal in
 * brackets: {@code [::1]:19765}). Outside a cluster nothing can list the backends, so only the
 * address is known.
 *
 * @param host a host name or IP literal (IPv6 without brackets)
 * @param port the measurement port, 1 to 65535
 */
public record ServiceAddress(String host, int port) {

    public ServiceAddress {
        if (host == null || host.isBlank()) {
            throw new IllegalArgumentException("service host is required");
        }
        if (host.chars().anyMatch(Character::isWhitespace) || host.contains("/")) {
            throw new IllegalArgumentException("service host '" + host + "' is not a host name or IP address");
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("service port must be 1 to 65535, got " + port);
        }
    }

    /**
     * Parses {@code host:port} or {@code [ipv6]:port}.
     *
     * @throws IllegalArgumentException naming the text and what is wrong with it
     */
    public static ServiceAddress parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("service address is empty; expected host:port");
        }
        String host;
        String portText;
        if (text.startsWith("[")) {
            int close = text.indexOf("]:");
            if (close < 0) {
                throw new IllegalArgumentException("service address '" + text + "' must be [ipv6]:port");
            }
            host = text.substring(1, close);
            portText = text.substring(close + 2);
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0 || text.indexOf(':') != colon) {
                throw new IllegalArgumentException("service address '" + text
                        + "' must be host:port (put an IPv6 address in brackets)");
            }
            host = text.substring(0, colon);
            portText = text.substring(colon + 1);
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("service address '" + text + "' has port '" + portText
                    + "', not a number", e);
        }
        return new ServiceAddress(host, port);
    }

    @Override
    public String toString() {
        return host.contains(":") ? "[" + host + "]:" + port : host + ":" + port;
    }
}
