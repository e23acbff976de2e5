package io.meshperf.coordinator.planning;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.AgentService;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import java.util.ArrayList;
import java.util.List;

/**
 * One measurable path of an ordered node pair: who runs the test, against what, in which mode.
 *
 * <p>{@link #resolve} lists the paths a pair offers right now, in the fixed order NODE_TO_NODE,
 * POD_TO_POD, POD_TO_SERVICE, leaving out any path with a missing or unready end. A pair whose
 * destination node has no ready agent at all gets nothing, not even the Service path (which does
 * not reach that node): the pair is not measurable, and nothing is planned in a missing node's name.
 * Direct paths use
 * {@link ProtocolMode#QPERF} (stock-qperf compatible); the Service path uses
 * {@link ProtocolMode#SINGLE_FLOW}, because kube-proxy picks a backend per connection and would
 * split qperf's control and data connections across backends.
 */
record PathLeg(Path path, Agent source, JobTarget target, ProtocolMode mode) {

    static List<PathLeg> resolve(TargetSet targets, String src, String dst) {
        List<PathLeg> legs = new ArrayList<>(PlanConfig.PATHS_PER_PAIR);
        Agent dstHost = targets.readyAgent(dst, Network.HOST);
        Agent dstPod = targets.readyAgent(dst, Network.POD);
        if (dstHost == null && dstPod == null) {
            return legs;
        }
        Agent srcHost = targets.readyAgent(src, Network.HOST);
        if (srcHost != null && dstHost != null) {
            legs.add(new PathLeg(Path.NODE_TO_NODE, srcHost, JobTarget.of(dstHost), ProtocolMode.QPERF));
        }
        Agent srcPod = targets.readyAgent(src, Network.POD);
        if (srcPod != null) {
            if (dstPod != null) {
                legs.add(new PathLeg(Path.POD_TO_POD, srcPod, JobTarget.of(dstPod), ProtocolMode.QPERF));
            }
            AgentService service = targets.readyService();
            if (service != null) {
                legs.add(new PathLeg(Path.POD_TO_SERVICE, srcPod, JobTarget.of(service), ProtocolMode.SINGLE_FLOW));
            }
        }
        return legs;
    }
}
