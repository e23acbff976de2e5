package io.meshperf.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;

import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/**
 * PairAggregate v2 added the msg_rate and cpus-used means. Aggregates a v1 coordinator wrote (the
 * topic keeps them, and the data lake holds them) still decode, and a v1 reader still reads v2.
 */
class PairAggregateVersionsTest {

    private static final Schema V1 = Codecs.PAIR_AGGREGATE.history().versions().get(0);

    private static byte[] writtenByV1() throws IOException {
        GenericRecord old = new GenericRecordBuilder(V1)
                .set("windowStart", 1_795_000_000_000L).set("windowEnd", 1_795_000_060_000L)
                .set("cluster", "prod").set("path", new GenericData.EnumSymbol(V1.getField("path").schema(),
                        "NODE_TO_NODE"))
                .set("test", new GenericData.EnumSymbol(V1.getField("test").schema(), "TCP_BW"))
                .set("srcNode", "node-a").set("dstNode", "node-b").set("count", 3L).set("okCount", 2L)
                .set("busyCount", 0L).set("failures", Map.of("TIMEOUT", 1L)).set("latencyNs", null)
                .set("bandwidthBytesPerSec", null).set("sendCostNsPerByteMean", 0.4)
                .set("recvCostNsPerByteMean", 0.9).set("udpMessagesSent", 0L).set("udpMessagesReceived", 0L)
                .set("servedBy", Map.of())
                .build();
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), V1).encode(old);
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    @Test
    void theFirstKeptVersionHasNoMsgRateOrCpusUsed() {
        assertThat(Codecs.PAIR_AGGREGATE.history().versions()).hasSizeGreaterThanOrEqualTo(2);
        assertThat(V1.getField("sendCostNsPerByteMean")).isNotNull();
        assertThat(V1.getField("msgRatePerSecMean")).isNull();
        assertThat(V1.getField("localCpusUsedPercentMean")).isNull();
    }

    @Test
    void aV1AggregateDecodesWithNullMsgRateAndCpusUsed() throws IOException {
        PairAggregate decoded = Codecs.PAIR_AGGREGATE.decode(writtenByV1());

        assertThat(decoded.getWindowStart()).isEqualTo(Instant.ofEpochMilli(1_795_000_000_000L));
        assertThat(decoded.getPath()).isEqualTo(Path.NODE_TO_NODE);
        assertThat(decoded.getTest()).isEqualTo(TestType.TCP_BW);
        assertThat(decoded.getFailures()).containsExactly(Map.entry("TIMEOUT", 1L));
        assertThat(decoded.getRecvCostNsPerByteMean()).isEqualTo(0.9);
        assertThat(decoded.getMsgRatePerSecMean()).isNull();
        assertThat(decoded.getLocalCpusUsedPercentMean()).isNull();
        assertThat(decoded.getRemoteCpusUsedPercentMean()).isNull();
    }

    @Test
    void aV1ReaderSkipsTheNewFieldsOfCurrentData() throws IOException {
        BinaryMessageDecoder<GenericRecord> v1Reader = new BinaryMessageDecoder<>(GenericData.get(), V1);
        v1Reader.addSchema(PairAggregate.getClassSchema());

        GenericRecord read = v1Reader.decode(Codecs.PAIR_AGGREGATE.encode(Fixtures.fullAggregate()));

        assertThat(read.get("okCount")).isEqualTo(1_000L);
        assertThat(read.get("sendCostNsPerByteMean")).isEqualTo(0.42);
        assertThat(read.hasField("msgRatePerSecMean")).isFalse();
    }

    @Test
    void currentDataRoundTripsTheNewFields() {
        PairAggregate back = Codecs.PAIR_AGGREGATE.decode(Codecs.PAIR_AGGREGATE.encode(Fixtures.fullAggregate()));

        assertThat(back.getMsgRatePerSecMean()).isEqualTo(27_400.0);
        assertThat(back.getLocalCpusUsedPercentMean()).isEqualTo(38.5);
        assertThat(back.getRemoteCpusUsedPercentMean()).isEqualTo(41.0);
    }
}
