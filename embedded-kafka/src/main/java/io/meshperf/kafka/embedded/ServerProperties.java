package io.meshperf.kafka.embedded;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Builds the Kafka server properties of a single-node KRaft cluster (broker and controller in one
 * process) from the caller's settings and the ports chosen for this broker.
 */
final class ServerProperties {

    static final int NODE_ID = 1;
    static final String CLIENT_LISTENER = "PLAINTEXT";
    static final String CONTROLLER_LISTENER = "CONTROLLER";
    static final String SASL_LISTENER = "SASL_PLAINTEXT";

    private ServerProperties() {
    }

    /**
     * The full property map for {@code KafkaConfig} and for {@code StorageTool format}.
     *
     * @param controllerAddress where the controller listener binds; only this process talks to it
     */
    static Map<String, String> of(BrokerSettings settings, int port, InetAddress controllerAddress,
            int controllerPort, Path logDir) {
        return of(settings, port, 0, controllerAddress, controllerPort, logDir);
    }

    /**
     * As above, with the SASL/PLAIN client listener on {@code saslPort} when the settings have SASL
     * users. The broker itself keeps using the plaintext listener (inter-broker, readiness, topics).
     */
    static Map<String, String> of(BrokerSettings settings, int port, int saslPort, InetAddress controllerAddress,
            int controllerPort, Path logDir) {
        String client = CLIENT_LISTENER + "://" + BrokerSettings.urlHost(settings.listenAddress()) + ":" + port;
        String protocols = CLIENT_LISTENER + ":PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT";
        if (settings.hasSaslListener()) {
            client += "," + SASL_LISTENER + "://" + BrokerSettings.urlHost(settings.listenAddress()) + ":" + saslPort;
            protocols += "," + SASL_LISTENER + ":SASL_PLAINTEXT";
        }
        String controllerHostPort = BrokerSettings.urlHost(controllerAddress) + ":" + controllerPort;
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@" + controllerHostPort);
        props.put("listeners", client + "," + CONTROLLER_LISTENER + "://" + controllerHostPort);
        props.put("advertised.listeners", client);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", CLIENT_LISTENER);
        props.put("listener.security.protocol.map", protocols);
        if (settings.hasSaslListener()) {
            String prefix = "listener.name." + SASL_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
            props.put(prefix + "sasl.enabled.mechanisms", "PLAIN");
            StringBuilder jaas = new StringBuilder("org.apache.kafka.common.security.plain.PlainLoginModule required");
            settings.saslPlainUsers().forEach((user, password) ->
                    jaas.append(" user_").append(user).append("=\"").append(password).append('"'));
            props.put(prefix + "plain.sasl.jaas.config", jaas.append(';').toString());
        }
        props.put("log.dirs", logDir.toAbsolutePath().toString());

        // One node: every internal topic must fit on it, or group commits and transactions fail.
        props.put("offsets.topic.replication.factor", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        // Fewer internal partitions: creating fifty of each on the first group commit costs
        // seconds and buys nothing on one node. Callers may override these.
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.num.partitions", "1");
        // Tests join groups one consumer at a time; waiting for more members only adds delay.
        props.put("group.initial.rebalance.delay.ms", "0");

        props.putAll(settings.brokerProperties());
        return props;
    }
}
