package io.meshperf.schemas.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import org.junit.jupiter.api.Test;

class TopicKeysTest {

    @Test
    void resultKeyOfAPodResultNamesBothNodes() {
        ResultKey key = ResultKey.of(Fixtures.latencyResult());

        assertThat(key).hasToString("prod-eu1/POD_TO_POD/node-a/node-b");
        assertThat(ResultKey.parse(key.toString())).isEqualTo(key);
    }

    @Test
    void resultKeyOfAServiceResultEndsInTheServiceName() {
        MeasurementResult viaService = MeasurementResult.newBuilder(Fixtures.latencyResult())
                .setPath(Path.POD_TO_SERVICE).setTarget(Fixtures.serviceTarget()).build();

        ResultKey key = ResultKey.of(viaService);

        assertThat(key).hasToString("prod-eu1/POD_TO_SERVICE/node-a/meshperf/meshperf-agent");
        assertThat(ResultKey.parse(key.toString())).isEqualTo(key);
        assertThat(key.dstNode()).isEqualTo("meshperf/meshperf-agent");
    }

    @Test
    void anExternalTargetIsNamedByItsHost() {
        Endpoint external = Endpoint.newBuilder().setKind(EndpointKind.EXTERNAL).setHost("192.0.2.7").setPort(19765)
                .build();

        assertThat(ResultKey.destination(external)).isEqualTo("192.0.2.7");
    }

    @Test
    void aggregateKeyAddsTheTest() {
        AggregateKey key = ResultKey.of(Fixtures.latencyResult()).forTest(TestType.TCP_LAT);

        assertThat(key).hasToString("prod-eu1/POD_TO_POD/TCP_LAT/node-a/node-b");
        assertThat(AggregateKey.parse(key.toString())).isEqualTo(key);
        assertThat(AggregateKey.of(Fixtures.fullAggregate()))
                .hasToString("prod-eu1/POD_TO_SERVICE/TCP_LAT/node-a/meshperf/meshperf-agent");
    }

    @Test
    void malformedKeysSayWhatIsWrong() {
        assertThatThrownBy(() -> ResultKey.parse("prod/POD_TO_POD/node-a"))
                .hasMessageContaining("is not cluster/path/srcNode/dstNode");
        assertThatThrownBy(() -> ResultKey.parse("prod/POD_TO_MARS/node-a/node-b"))
                .hasMessageContaining(
                        "path 'POD_TO_MARS' is not one of [UNKNOWN, NODE_TO_NODE, POD_TO_POD, POD_TO_SERVICE]");
        assertThatThrownBy(() -> AggregateKey.parse("prod/POD_TO_POD/PING/node-a/node-b"))
                .hasMessageContaining("test 'PING' is not one of");
        assertThatThrownBy(() -> AggregateKey.parse("prod/POD_TO_POD/TCP_BW/node-a/"))
                .hasMessageContaining("dstNode must not be empty");
        assertThatThrownBy(() -> new ResultKey("prod", Path.POD_TO_POD, "node-a", "ns//svc"))
                .hasMessageContaining("dstNode part must not be empty");
    }

    @Test
    void defaultTopicNames() {
        assertThat(new String[] {Topics.JOBS, Topics.RESULTS, Topics.AGENTS, Topics.AGGREGATES, Topics.DLQ})
                .containsExactly("meshperf.jobs", "meshperf.results", "meshperf.agents", "meshperf.aggregates",
                        "meshperf.dlq");
    }
}
