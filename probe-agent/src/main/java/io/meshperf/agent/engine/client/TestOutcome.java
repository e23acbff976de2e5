package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.stats.Figures;
import io.meshperf.agent.engine.stats.NodeRecord;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import java.util.Objects;

/**
 * What a test produced: always a {@link MeasurementResult}; on success of a socket test also both
 * sides' raw records and qperf's figures (for printing qperf's table); for conf both conf records.
 *
 * @param peerError true when the reason is an error text the peer sent (qperf prints "server: …")
 */
public record TestOutcome(MeasurementResult result, NodeRecord local, NodeRecord remote, Figures figures,
                          Conf localConf, Conf remoteConf, boolean peerError) {

    public TestOutcome {
        Objects.requireNonNull(result, "result");
    }

    public boolean ok() {
        return result.getStatus() == Status.OK;
    }
}
