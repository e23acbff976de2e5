package io.meshperf.coordinator.discovery;

import io.meshperf.schemas.Network;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Target sets for tests: healthy ones, seeded random ones, and churn between two snapshots. */
public final class TestClusters {

    public static final int PORT = 19765;

    private TestClusters() {
    }

    public static String nodeName(int i) {
        return String.format("n%04d", i);
    }

    /** n ready nodes over {@code zones} zones, both agents on each, a Service backed by every pod agent. */
    public static TargetSet healthy(String cluster, int n, int zones) {
        Builder b = builder(cluster);
        for (int i = 0; i < n; i++) {
            b.node(nodeName(i), "z" + (i % zones), true).host(nodeName(i), true).pod(nodeName(i), true);
        }
        return b.serviceBackedByPods().build();
    }

    /**
     * A random cluster: about 10 % unready nodes, 10 % missing and 10 % unready agents per network,
     * a Service that is present with backends most of the time, 1 to 6 zones.
     */
    public static TargetSet random(Random rnd, String cluster, int n) {
        Builder b = builder(cluster);
        int zones = 1 + rnd.nextInt(6);
        for (int i = 0; i < n; i++) {
            String name = nodeName(i);
            b.node(name, "z" + rnd.nextInt(zones), rnd.nextInt(10) != 0);
            maybeAgent(rnd, b, name, Network.HOST);
            maybeAgent(rnd, b, name, Network.POD);
        }
        int service = rnd.nextInt(10);
        if (service < 7) {
            b.serviceBackedByPods();
        } else if (service < 9) {
            b.service(List.of());
        }
        return b.build();
    }

    private static void maybeAgent(Random rnd, Builder b, String node, Network network) {
        int roll = rnd.nextInt(10);
        if (roll == 0) {
            return;
        }
        b.agent(node, network, roll != 1);
    }

    /**
     * The next snapshot after some churn: a few nodes leave, a few join (with names past the
     * existing ones or in between), and a few nodes or agents flip readiness.
     */
    public static TargetSet churn(Random rnd, TargetSet before, int nextNameIndex) {
        Builder b = builder(before.cluster());
        for (Node node : before.nodes()) {
            if (rnd.nextInt(20) == 0) {
                continue;
            }
            boolean ready = rnd.nextInt(15) == 0 ? !node.ready() : node.ready();
            b.node(node.name(), node.zone(), ready);
            for (Network network : List.of(Network.HOST, Network.POD)) {
                before.agent(node.name(), network).ifPresent(a ->
                        b.agent(node.name(), network, rnd.nextInt(15) == 0 ? !a.ready() : a.ready()));
            }
        }
        int joins = rnd.nextInt(3);
        for (int j = 0; j < joins; j++) {
            String name = nodeName(nextNameIndex + j) + "j";
            b.node(name, "z0", true).host(name, true).pod(name, true);
        }
        if (before.service().isPresent()) {
            b.serviceBackedByPods();
        }
        return b.build();
    }

    public static Builder builder(String cluster) {
        return new Builder(cluster);
    }

    /** Builds small target sets by hand; agents get addresses derived from their node. */
    public static final class Builder {
        private final String cluster;
        private final Map<String, Node> nodes = new LinkedHashMap<>();
        private final List<Agent> agents = new ArrayList<>();
        private AgentService service;
        private boolean serviceFromPods;

        private Builder(String cluster) {
            this.cluster = cluster;
        }

        public Builder node(String name, String zone, boolean ready) {
            nodes.put(name, new Node(name, zone, "r1", true, ready));
            return this;
        }

        public Builder host(String node, boolean ready) {
            return agent(node, Network.HOST, ready);
        }

        public Builder pod(String node, boolean ready) {
            return agent(node, Network.POD, ready);
        }

        public Builder agent(String node, Network network, boolean ready) {
            String address = (network == Network.HOST ? "host-" : "pod-") + node;
            String pod = "meshperf/" + (network == Network.HOST ? "h-" : "p-") + node;
            agents.add(new Agent(Agent.idFor(cluster, node, network), node, network, pod, address, PORT, ready));
            return this;
        }

        public Builder service(List<ServiceBackend> backends) {
            service = new AgentService("meshperf/agents", "10.96.0.10", PORT, backends);
            serviceFromPods = false;
            return this;
        }

        /** A Service whose backends are the ready pod agents on ready nodes at build time. */
        public Builder serviceBackedByPods() {
            serviceFromPods = true;
            return this;
        }

        public TargetSet build() {
            AgentService svc = service;
            if (serviceFromPods) {
                List<ServiceBackend> backends = new ArrayList<>();
                for (Agent a : agents) {
                    if (a.network() == Network.POD && a.ready() && nodes.get(a.node()).ready()) {
                        backends.add(new ServiceBackend(a.pod(), a.node(), a.address()));
                    }
                }
                svc = new AgentService("meshperf/agents", "10.96.0.10", PORT, backends);
            }
            return new TargetSet(cluster, nodes.values(), agents, svc);
        }
    }
}
