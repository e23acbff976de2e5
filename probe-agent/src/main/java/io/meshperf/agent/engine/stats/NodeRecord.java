package io.meshperf.agent.engine.stats;

import java.util.Objects;

/**
 * Everything one side records for one test (section 8.1): CPU count, tick rate, the start and end
 * snapshots and what it sent and received. The server ships its record to the client as STAT.
 */
public record NodeRecord(int noCpus, int noTicks, CpuSnapshot start, CpuSnapshot end, Traffic sent,
                         Traffic received) {

    public NodeRecord {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(sent, "sent");
        Objects.requireNonNull(received, "received");
    }
}
