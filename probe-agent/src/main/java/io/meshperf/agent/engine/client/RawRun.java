package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.stats.LatencyRecorder;
import io.meshperf.agent.engine.stats.NodeRecord;
import java.util.Map;

/**
 * What one protocol run gathered before figures are computed: both records, the latency samples,
 * the peer's meshperf key/value block (empty for a stock peer) and this process's CPU time.
 */
record RawRun(NodeRecord local, NodeRecord remote, LatencyRecorder latency, Map<String, String> peer,
              long processCpuNs) {
}
