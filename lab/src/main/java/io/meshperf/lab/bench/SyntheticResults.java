package io.meshperf.lab.bench;

import io.meshperf.schemas.Backend;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.keys.AgentId;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.SplittableRandom;

/**
 * A seeded stream of plausible results for a cluster of N nodes, in the order the planner makes
 * agents produce them: a job picks a random ordered node pair and measures its three paths back to
 * back, each with both latency tests (80 % of jobs) or both bandwidth tests (20 %), so six results
 * on three keys arrive together. About 2.5 % of results fail (every kind of failure), 5 % are busy
 * samples, and figures are shaped like the source article's (the overlay roughly halves bandwidth
 * and adds tens of microseconds). Not thread-safe: one generator per producing thread.
 */
final class SyntheticResults {

    /** The Service every pod agent is reachable through. */
    static final String SERVICE = "meshperf/meshperf-agent";
    private static final Status[] FAILURES = {Status.REFUSED, Status.UNREACHABLE, Status.TIMEOUT, Status.SKIPPED,
        Status.ERROR};

    private final String cluster;
    private final int nodes;
    private final SplittableRandom random;
    private long sequence;
    private final ArrayDeque<Planned> job = new ArrayDeque<>();

    private record Planned(int src, int dst, Path path, TestType test) {
    }

    SyntheticResults(String cluster, int nodes, long seed) {
        if (nodes < 2) {
            throw new IllegalArgumentException("a cluster needs at least 2 nodes, got " + nodes);
        }
        this.cluster = cluster;
        this.nodes = nodes;
        this.random = new SplittableRandom(seed);
    }

    static String node(int i) {
        return String.format("node-%04d", i);
    }

    /** The next result, its test started at {@code startedAt}. */
    MeasurementResult next(Instant startedAt) {
        if (job.isEmpty()) {
            plan();
        }
        Planned next = job.poll();
        int src = next.src();
        int dst = next.dst();
        Path path = next.path();
        TestType test = next.test();
        Status status = random.nextInt(1000) < 975 ? Status.OK : FAILURES[random.nextInt(FAILURES.length)];
        MeasurementResult.Builder result = base(path, test, status, node(src), node(dst), startedAt);
        if (status != Status.OK) {
            return result.setReason("synthetic " + status).build();
        }
        result.setConcurrentSessions(random.nextInt(100) < 5 ? 1 : 0);
        double overlay = path == Path.NODE_TO_NODE ? 1.0 : 0.5 + random.nextDouble(0.1);
        switch (test) {
            case TCP_LAT, UDP_LAT -> {
                double base = path == Path.NODE_TO_NODE ? 40_000 : path == Path.POD_TO_POD ? 65_000 : 70_000;
                result.setLatencyNs(base * Math.exp(random.nextGaussian() * 0.3));
            }
            case TCP_BW -> result.setBwBytesPerSec(1.2e9 * overlay * (0.9 + random.nextDouble(0.2)))
                    .setSendCostNsPerByte(path == Path.NODE_TO_NODE ? 0.45 : 3.0)
                    .setRecvCostNsPerByte(path == Path.NODE_TO_NODE ? 2.0 : 3.2);
            default -> {
                long sent = 400_000 + random.nextInt(100_000);
                long received = (long) (sent * (0.3 + random.nextDouble(0.6)));
                result.setSendBwBytesPerSec(2.5e9).setRecvBwBytesPerSec(received * 64_000.0 / 10)
                        .setUdpMessagesSent(sent).setUdpMessagesReceived(received);
            }
        }
        if (path == Path.POD_TO_SERVICE) {
            String backend = node(random.nextInt(nodes));
            result.setServedBy(Backend.newBuilder().setNode(backend).setPod("meshperf/agent-" + backend)
                    .setAddress("10.244.0.1").build());
        }
        return result.build();
    }

    private void plan() {
        int src = random.nextInt(nodes);
        int dst = (src + 1 + random.nextInt(nodes - 1)) % nodes;
        boolean latency = random.nextInt(100) < 80;
        for (Path path : new Path[] {Path.NODE_TO_NODE, Path.POD_TO_POD, Path.POD_TO_SERVICE}) {
            job.add(new Planned(src, dst, path, latency ? TestType.TCP_LAT : TestType.TCP_BW));
            job.add(new Planned(src, dst, path, latency ? TestType.UDP_LAT : TestType.UDP_BW));
        }
    }

    /** A latency result of one fixed pair, used to time results through to the API. */
    MeasurementResult probe(String probeCluster, Instant startedAt) {
        return base(Path.NODE_TO_NODE, TestType.TCP_LAT, Status.OK, "probe", "sink", startedAt, probeCluster)
                .setLatencyNs(50_000.0).build();
    }

    private MeasurementResult.Builder base(Path path, TestType test, Status status, String src, String dst,
                                           Instant startedAt) {
        return base(path, test, status, src, dst, startedAt, cluster);
    }

    private MeasurementResult.Builder base(Path path, TestType test, Status status, String src, String dst,
                                           Instant startedAt, String inCluster) {
        boolean service = path == Path.POD_TO_SERVICE;
        AgentId source = path == Path.NODE_TO_NODE ? AgentId.host(inCluster, src) : AgentId.pod(inCluster, src);
        Endpoint target = Endpoint.newBuilder()
                .setKind(service ? EndpointKind.SERVICE : path == Path.NODE_TO_NODE ? EndpointKind.NODE
                        : EndpointKind.POD)
                .setHost(service ? "10.96.0.42" : "10.0.0.2").setPort(19765)
                .setNode(service ? null : dst).setService(service ? SERVICE : null).build();
        return MeasurementResult.newBuilder()
                .setJobId("bench-" + sequence++)
                .setCluster(inCluster).setPath(path).setTest(test).setStatus(status)
                .setSource(source.toRef(path == Path.NODE_TO_NODE ? null : "meshperf/agent-" + src, "10.0.0.1")).setTarget(target)
                .setStartedAt(startedAt).setEndedAt(startedAt.plusSeconds(1))
                .setDurationSec(1).setMessageSizeBytes(test == TestType.TCP_LAT || test == TestType.UDP_LAT ? 1 : 65_536)
                .setAgentVersion("bench");
    }
}
