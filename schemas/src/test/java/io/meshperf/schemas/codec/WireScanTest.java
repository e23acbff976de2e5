package io.meshperf.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.codec.RecordDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/** The bounds scan accepts every valid encoding Avro can produce and stops the shapes it exists for. */
class WireScanTest {

    private static <T> byte[] blocked(DatumWriter<T> writer, T datum) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The blocking encoder writes negative block counts followed by block sizes.
        BinaryEncoder encoder = EncoderFactory.get().blockingBinaryEncoder(out, null);
        writer.write(datum, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    @Test
    void acceptsSizedBlocksAsWrittenByAvrosBlockingEncoder() throws IOException {
        byte[] job = blocked(new SpecificDatumWriter<>(MeasurementJob.class), Fixtures.fullJob());
        byte[] aggregate = blocked(new SpecificDatumWriter<>(PairAggregate.class), Fixtures.fullAggregate());

        byte[] plainJob = Codecs.MEASUREMENT_JOB.encode(Fixtures.fullJob());
        assertThat(job.length).as("blocks carry their sizes").isGreaterThan(plainJob.length - AvroCodec.HEADER_BYTES);
        assertThat(scanEnd(MeasurementJob.getClassSchema(), job)).isEqualTo(job.length);
        assertThat(scanEnd(PairAggregate.getClassSchema(), aggregate)).isEqualTo(aggregate.length);
    }

    @Test
    void boundsCollectionsOfZeroSizeItemsByACountLimit() {
        Schema nulls = new Schema.Parser().parse("{\"type\":\"array\",\"items\":\"null\"}");
        byte[] tenItems = {20, 0};
        byte[] millionItems = {(byte) 0x80, (byte) 0x89, 0x7a, 0}; // zig-zag 1,000,000

        assertThat(scanEnd(nulls, tenItems)).isEqualTo(2);
        assertThatThrownBy(() -> WireScan.scan(nulls, millionItems, 0))
                .isInstanceOfSatisfying(WireScan.Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("a block of 1000000 items");
    }

    @Test
    void stopsDeeplyNestedRecursiveValues() throws IOException {
        Schema list = new Schema.Parser().parse("{\"type\":\"record\",\"name\":\"Node\",\"fields\":["
                + "{\"name\":\"next\",\"type\":[\"null\",\"Node\"]}]}");
        GenericRecord head = new GenericData.Record(list);
        head.put("next", null);
        for (int i = 0; i < 400; i++) {
            GenericRecord node = new GenericData.Record(list);
            node.put("next", head);
            head = node;
        }
        byte[] deep = blocked(new GenericDatumWriter<>(list), head);

        assertThatThrownBy(() -> WireScan.scan(list, deep, 0))
                .isInstanceOfSatisfying(WireScan.Failure.class, f -> assertThat(f.reason()).isEqualTo(Reason.CORRUPT))
                .hasMessageContaining("nest deeper than 256 levels");
    }

    private static int scanEnd(Schema schema, byte[] bytes) {
        try {
            return WireScan.scan(schema, bytes, 0);
        } catch (WireScan.Failure failure) {
            throw new AssertionError(failure.describe(), failure);
        }
    }
}
