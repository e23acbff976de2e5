package io.meshperf.agent.netns;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.Locale;

/**
 * Writes the nat-table rules that kube-proxy's iptables mode installs for ClusterIP Services, in
 * {@code iptables-restore} format: {@code KUBE-SERVICES} (jumped to from PREROUTING and OUTPUT)
 * matches the ClusterIP and port and jumps to one {@code KUBE-SVC-…} chain per Service port, which
 * picks an endpoint with {@code -m statistic --mode random --probability 1/n, 1/(n-1), …} (the last
 * unconditionally, so each of n endpoints gets 1/n of the new connections) and jumps to its
 * {@code KUBE-SEP-…} chain, which DNATs. Chain names are kube-proxy's own: the first 16 characters
 * of base32(sha256(port name + protocol [+ endpoint])). Pure and stateless.
 *
 * <p>The text declares the shared chains and hooks, so load it once per namespace, with
 * {@code iptables-restore --noflush} ({@link VirtualNetwork#iptablesRestore}).
 */
public final class KubeProxyRules {

    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private KubeProxyRules() {
    }

    /** The {@code iptables-restore} text for these Services. */
    public static String render(List<ClusterIpService> services) {
        StringBuilder chains = new StringBuilder("*nat\n")
                .append(":KUBE-SERVICES - [0:0]\n")
                .append(":KUBE-MARK-MASQ - [0:0]\n")
                .append(":KUBE-POSTROUTING - [0:0]\n");
        StringBuilder rules = new StringBuilder()
                .append("-A PREROUTING -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n")
                .append("-A OUTPUT -m comment --comment \"kubernetes service portals\" -j KUBE-SERVICES\n")
                .append("-A POSTROUTING -m comment --comment \"kubernetes postrouting rules\" -j KUBE-POSTROUTING\n")
                .append("-A KUBE-MARK-MASQ -j MARK --set-xmark 0x4000/0x4000\n")
                .append("-A KUBE-POSTROUTING -m mark ! --mark 0x4000/0x4000 -j RETURN\n")
                .append("-A KUBE-POSTROUTING -j MARK --set-xmark 0x4000/0x0\n")
                .append("-A KUBE-POSTROUTING -m comment --comment \"kubernetes service traffic requiring SNAT\""
                        + " -j MASQUERADE --random-fully\n");
        for (ClusterIpService service : services) {
            for (ServicePort port : service.ports()) {
                appendPort(service, port, chains, rules);
            }
        }
        return chains.append(rules).append("COMMIT\n").toString();
    }

    private static void appendPort(ClusterIpService service, ServicePort port, StringBuilder chains,
            StringBuilder rules) {
        String portName = service.portName(port);
        String proto = port.protocol();
        String svc = serviceChain(portName, proto);
        chains.append(':').append(svc).append(" - [0:0]\n");
        rules.append("-A KUBE-SERVICES -d ").append(service.clusterIp()).append("/32 -p ").append(proto)
                .append(" -m comment --comment \"").append(portName).append(" cluster IP\" -m ").append(proto)
                .append(" --dport ").append(port.port()).append(" -j ").append(svc).append('\n');
        List<String> endpoints = service.endpoints();
        for (int i = 0; i < endpoints.size(); i++) {
            String endpoint = endpoints.get(i) + ":" + port.targetPort();
            String sep = endpointChain(portName, proto, endpoint);
            chains.append(':').append(sep).append(" - [0:0]\n");
            rules.append("-A ").append(svc).append(" -m comment --comment \"").append(portName)
                    .append(" -> ").append(endpoint).append('"');
            int remaining = endpoints.size() - i;
            if (remaining > 1) {
                rules.append(" -m statistic --mode random --probability ").append(probability(remaining));
            }
            rules.append(" -j ").append(sep).append('\n');
            // The endpoint calling its own Service (hairpin) must be masqueraded, or it would see
            // a packet from its own address and drop it.
            rules.append("-A ").append(sep).append(" -s ").append(endpoints.get(i))
                    .append("/32 -m comment --comment \"").append(portName).append("\" -j KUBE-MARK-MASQ\n");
            rules.append("-A ").append(sep).append(" -p ").append(proto).append(" -m comment --comment \"")
                    .append(portName).append("\" -m ").append(proto).append(" -j DNAT --to-destination ")
                    .append(endpoint).append('\n');
        }
    }

    /** The probability that gives the first of {@code remaining} endpoints an equal share: 1/remaining. */
    static String probability(int remaining) {
        return String.format(Locale.ROOT, "%.10f", 1.0 / remaining);
    }

    /** kube-proxy's {@code KUBE-SVC-} chain name for a Service port ({@code namespace/name:port}). */
    public static String serviceChain(String portName, String protocol) {
        return "KUBE-SVC-" + hash(portName + protocol);
    }

    /** kube-proxy's {@code KUBE-SEP-} chain name for one endpoint ({@code ip:port}) of a Service port. */
    public static String endpointChain(String portName, String protocol, String endpoint) {
        return "KUBE-SEP-" + hash(portName + protocol + endpoint);
    }

    private static String hash(String text) {
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime must provide SHA-256", e);
        }
        return base32(digest).substring(0, 16);
    }

    /** RFC 4648 base32 without padding: 5 bits per character, most significant first. */
    static String base32(byte[] data) {
        StringBuilder out = new StringBuilder((data.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : data) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32[(buffer << (5 - bits)) & 31]);
        }
        return out.toString();
    }
}
