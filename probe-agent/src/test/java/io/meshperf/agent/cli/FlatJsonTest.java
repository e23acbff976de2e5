package io.meshperf.agent.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Backend;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class FlatJsonTest {

    @Test
    void unionsUnwrappedEnumsAsSymbolsTimestampsAsMicros() {
        MeasurementResult r = MeasurementResult.newBuilder().setJobId("j\"1").setCluster("c").setPath(Path.POD_TO_SERVICE)
                .setTest(TestType.UDP_LAT).setStatus(Status.ERROR).setReason("no\nmessage")
                .setSource(AgentRef.newBuilder().setAgentId("a").setCluster("c").setNode("n").setNetwork(Network.POD)
                        .build())
                .setTarget(Endpoint.newBuilder().setKind(EndpointKind.SERVICE).setHost("svc").setPort(19765).build())
                .setServedBy(Backend.newBuilder().setNode("n2").setAddress("10.0.0.2").build())
                .setStartedAt(Instant.ofEpochSecond(1, 2_000)).setEndedAt(Instant.ofEpochSecond(2))
                .setDurationSec(1).setMessageSizeBytes(1).setAgentVersion("v").setLatencyNs(1.5).build();

        String json = FlatJson.write(r);

        assertThat(json).startsWith("{\"jobId\":\"j\\\"1\",\"cluster\":\"c\",\"path\":\"POD_TO_SERVICE\"")
                .contains("\"status\":\"ERROR\",\"reason\":\"no\\nmessage\"")
                .contains("\"servedBy\":{\"agentId\":null,\"node\":\"n2\",\"pod\":null,\"address\":\"10.0.0.2\"}")
                .contains("\"startedAt\":1000002,\"endedAt\":2000000")
                .contains("\"latencyNs\":1.5", "\"bwBytesPerSec\":null")
                .doesNotContain("\n");
    }
}
