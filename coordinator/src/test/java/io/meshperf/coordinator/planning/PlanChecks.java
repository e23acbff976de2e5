package io.meshperf.coordinator.planning;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Invariants every planned job must satisfy against the target set it was planned from. */
final class PlanChecks {

    private PlanChecks() {
    }

    /** Ids unique; every end ready and present; path, agents, target kind and mode agree. */
    static void jobsAreSound(TargetSet set, List<PlannedJob> jobs) {
        Set<String> ids = new HashSet<>();
        for (PlannedJob job : jobs) {
            assertThat(ids.add(job.jobId())).as("duplicate job id %s", job.jobId()).isTrue();
            Agent source = job.source();
            assertThat(set.readyAgent(source.node(), source.network()))
                    .as("source of %s must be a ready agent on a ready node", job.jobId()).isEqualTo(source);
            assertThat(set.measurableNodes()).as("peer of %s", job.jobId()).contains(job.peerNode());
            assertThat(job.peerNode()).isNotEqualTo(source.node());
            assertThat(job.cluster()).isEqualTo(set.cluster());
            JobTarget target = job.target();
            switch (job.path()) {
                case NODE_TO_NODE -> {
                    assertThat(source.network()).isEqualTo(Network.HOST);
                    assertThat(target.kind()).isEqualTo(EndpointKind.NODE);
                    assertThat(job.protocolMode()).isEqualTo(ProtocolMode.QPERF);
                    assertReadyTarget(set, job, Network.HOST);
                }
                case POD_TO_POD -> {
                    assertThat(source.network()).isEqualTo(Network.POD);
                    assertThat(target.kind()).isEqualTo(EndpointKind.POD);
                    assertThat(job.protocolMode()).isEqualTo(ProtocolMode.QPERF);
                    assertReadyTarget(set, job, Network.POD);
                }
                case POD_TO_SERVICE -> {
                    assertThat(source.network()).isEqualTo(Network.POD);
                    assertThat(target.kind()).isEqualTo(EndpointKind.SERVICE);
                    assertThat(job.protocolMode()).isEqualTo(ProtocolMode.SINGLE_FLOW);
                    assertThat(set.readyService()).as("service of %s", job.jobId()).isNotNull();
                    assertThat(target).isEqualTo(JobTarget.of(set.readyService()));
                }
                default -> throw new AssertionError("unexpected path " + job.path());
            }
        }
    }

    private static void assertReadyTarget(TargetSet set, PlannedJob job, Network network) {
        Agent agent = set.readyAgent(job.peerNode(), network);
        assertThat(agent).as("target agent of %s must be ready", job.jobId()).isNotNull();
        assertThat(job.target()).isEqualTo(JobTarget.of(agent));
    }

    /** The paths a pair should get: exactly those whose ends are ready, in the fixed order. */
    static List<Path> expectedPaths(TargetSet set, String src, String dst) {
        return PathLeg.resolve(set, src, dst).stream().map(PathLeg::path).toList();
    }
}
