package io.meshperf.lab.network;

import io.meshperf.agent.netns.Namespace;

/**
 * One pod of the lab: a network namespace behind its node's pod bridge (or, in loopback mode, an
 * address on {@code lo} of the root namespace). Immutable.
 *
 * @param name {@code n<node>-p<index>}, e.g. {@code n2-p1}
 * @param node the node it runs on, from 1
 * @param namespace where its processes run; the root namespace in loopback mode
 * @param ip its pod IP (or loopback address)
 * @param backend true when it is an endpoint of the ClusterIP Service (the first pod of each node)
 */
public record LabPod(String name, int node, Namespace namespace, String ip, boolean backend) {
}
