package io.meshperf.coordinator.discovery;

/**
 * One cluster node as discovery sees it.
 *
 * <p>Immutable and checked when built: a blank name, or one containing '/' (it is a segment of agent
 * and job ids), is rejected with {@link IllegalArgumentException}.
 *
 * @param name the Kubernetes node name (or host name outside Kubernetes)
 * @param zone the {@code topology.kubernetes.io/zone} label, {@code ""} when unlabelled
 * @param region the {@code topology.kubernetes.io/region} label, {@code ""} when unlabelled
 * @param schedulable false when the node is cordoned; cordoned nodes are still measured because
 *     DaemonSet agents keep running on them and their network still carries traffic
 * @param ready the node's Ready condition; nothing is planned for an unready node
 */
public record Node(String name, String zone, String region, boolean schedulable, boolean ready) {

    public Node {
        Require.segment(name, "node name");
        Require.notNull(zone, "zone of node " + name);
        Require.notNull(region, "region of node " + name);
    }

    /** A ready, schedulable node without zone or region labels. */
    public static Node ready(String name) {
        return new Node(name, "", "", true, true);
    }
}
