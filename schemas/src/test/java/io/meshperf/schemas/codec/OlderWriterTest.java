package io.meshperf.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.Network;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.message.BinaryMessageEncoder;
import org.junit.jupiter.api.Test;

/** Data written with an older schema (a test-only variant of AgentInfo) decodes into today's class. */
class OlderWriterTest {

    private static final Schema OLD = FixtureSchemas.agentInfoBeforeCapabilities();

    private static byte[] writtenByOldAgent() throws IOException {
        GenericRecord old = new GenericRecordBuilder(OLD)
                .set("agentId", "prod/node-a/host").set("cluster", "prod").set("node", "node-a")
                .set("zone", "eu-west-1a").set("pod", null).set("podIp", null).set("nodeIp", "192.168.10.11")
                .set("network", new GenericData.EnumSymbol(OLD.getField("network").schema(), "HOST"))
                .set("qperfPort", 19765).set("version", "0.0.9")
                .set("startedAt", 1_795_000_000_000L).set("lastHeartbeat", 1_795_000_015_000L)
                .build();
        ByteBuffer bytes = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), OLD).encode(old);
        byte[] array = new byte[bytes.remaining()];
        bytes.get(array);
        return array;
    }

    @Test
    void oldDataDecodesIntoTheCurrentClassWithDefaultsForAddedFields() throws IOException {
        List<Schema> versions = new ArrayList<>(List.of(OLD));
        versions.addAll(Codecs.AGENT_INFO.history().versions());
        AvroCodec<AgentInfo> codec = new AvroCodec<>(AgentInfo.class, SchemaHistory.of("AgentInfo", versions));

        AgentInfo decoded = codec.decode(writtenByOldAgent());

        assertThat(decoded.getAgentId()).isEqualTo("prod/node-a/host");
        assertThat(decoded.getNetwork()).isEqualTo(Network.HOST);
        assertThat(decoded.getZone()).isEqualTo("eu-west-1a");
        assertThat(decoded.getNodeIp()).isEqualTo("192.168.10.11");
        assertThat(decoded.getStartedAt()).isEqualTo(Instant.ofEpochMilli(1_795_000_000_000L));
        assertThat(decoded.getRegion()).isNull();
        assertThat(decoded.getHttpPort()).isNull();
        assertThat(decoded.getCapabilities()).isEmpty();
    }

    @Test
    void withoutTheOldVersionKeptTheSameBytesAreAnUnknownFingerprint() throws IOException {
        byte[] old = writtenByOldAgent();

        assertThatThrownBy(() -> Codecs.AGENT_INFO.decode(old))
                .isInstanceOfSatisfying(RecordDecodeException.class, e -> {
                    assertThat(e.reason()).isEqualTo(RecordDecodeException.Reason.UNKNOWN_FINGERPRINT);
                    assertThat(e.fingerprint()).hasValue(SchemaHistory.fingerprint(OLD));
                })
                .hasMessageContaining(SchemaHistory.hex(SchemaHistory.fingerprint(OLD)));
    }

    @Test
    void anOldReaderThatKeepsTheCurrentSchemaReadsCurrentData() throws IOException {
        BinaryMessageDecoder<GenericRecord> oldReader = new BinaryMessageDecoder<>(GenericData.get(), OLD);
        oldReader.addSchema(AgentInfo.getClassSchema());

        GenericRecord read = oldReader.decode(Codecs.AGENT_INFO.encode(Fixtures.fullAgentInfo()));

        assertThat(read.get("agentId")).hasToString(Fixtures.fullAgentInfo().getAgentId());
        assertThat(read.get("qperfPort")).isEqualTo(19765);
        assertThat(read.hasField("capabilities")).isFalse();
    }
}
