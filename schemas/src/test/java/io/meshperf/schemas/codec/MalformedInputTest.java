package io.meshperf.schemas.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.RecordDecodeException.Reason;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.generic.GenericRecordBuilder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Whatever bytes arrive, decoding either yields a record or a RecordDecodeException with the right reason. */
class MalformedInputTest {

    private static final AvroCodec<MeasurementResult> CODEC = Codecs.MEASUREMENT_RESULT;
    private static final byte[] VALID = CODEC.encode(Fixtures.fullResult());

    private static RecordDecodeException decodeFailure(byte[] bytes) {
        try {
            MeasurementResult decoded = CODEC.decode(bytes);
            throw new AssertionError("decoded " + bytes.length + " bad bytes into " + decoded);
        } catch (RecordDecodeException e) {
            return e;
        }
    }

    private static void assertReason(ThrowingCallable decode, Reason reason, String... inMessage) {
        assertThatThrownBy(decode).isInstanceOfSatisfying(RecordDecodeException.class,
                e -> assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason))
                .hasMessageContaining("Cannot decode MeasurementResult (" + reason + ")")
                .hasMessageContainingAll(inMessage);
    }

    @Test
    void nullAndZeroBytesAreEmpty() {
        assertReason(() -> CODEC.decode(null), Reason.EMPTY, "null");
        assertReason(() -> CODEC.decode(new byte[0]), Reason.EMPTY, "zero bytes");
    }

    static List<Arguments> samples() {
        return Samples.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("samples")
    void everyPrefixOfAValidRecordIsTruncated(String name, AvroCodec<?> codec, SpecificRecord record) {
        byte[] valid = Samples.encode(codec, record);
        for (int length = 1; length < valid.length; length++) {
            byte[] prefix = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> codec.decode(prefix)).isInstanceOfSatisfying(RecordDecodeException.class,
                    e -> assertThat(e.reason()).as("prefix of %d bytes: %s", prefix.length, e.getMessage())
                            .isEqualTo(Reason.TRUNCATED));
        }
    }

    @Test
    void bytesAfterTheRecordAreCorrupt() {
        byte[] longer = Arrays.copyOf(VALID, VALID.length + 3);

        assertReason(() -> CODEC.decode(longer), Reason.CORRUPT, "3 bytes follow the end of the record");
    }

    @Test
    void randomBytesFailWithAReasonAndNothingElse() {
        for (int seed = 0; seed < 2_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] bytes = new byte[1 + random.nextInt(600)];
            random.nextBytes(bytes);
            RecordDecodeException e = decodeFailure(bytes);
            boolean hasMarker = bytes[0] == (byte) 0xC3 && (bytes.length == 1 || bytes[1] == 0x01);
            if (hasMarker) {
                assertThat(e.reason()).as("seed %d: %s", seed, e.getMessage())
                        .isIn(Reason.TRUNCATED, Reason.UNKNOWN_FINGERPRINT);
            } else {
                assertThat(e.reason()).as("seed %d: %s", seed, e.getMessage()).isEqualTo(Reason.NOT_SINGLE_OBJECT);
            }
        }
    }

    @Test
    void randomBodiesBehindAValidHeaderFailAsTruncatedOrCorrupt() {
        Set<Reason> seen = EnumSet.noneOf(Reason.class);
        for (int seed = 0; seed < 5_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] bytes = Arrays.copyOf(VALID, AvroCodec.HEADER_BYTES + random.nextInt(600));
            byte[] body = new byte[bytes.length - AvroCodec.HEADER_BYTES];
            random.nextBytes(body);
            System.arraycopy(body, 0, bytes, AvroCodec.HEADER_BYTES, body.length);
            RecordDecodeException e = decodeFailure(bytes);
            assertThat(e.reason()).as("seed %d: %s", seed, e.getMessage()).isIn(Reason.TRUNCATED, Reason.CORRUPT);
            seen.add(e.reason());
        }
        assertThat(seen).containsExactlyInAnyOrder(Reason.TRUNCATED, Reason.CORRUPT);
    }

    @Test
    void flippedBytesInAValidRecordNeverEscapeAsAnotherException() {
        int decoded = 0;
        for (int seed = 0; seed < 5_000; seed++) {
            SplittableRandom random = new SplittableRandom(seed);
            byte[] bytes = VALID.clone();
            for (int flips = 1 + random.nextInt(3); flips > 0; flips--) {
                bytes[AvroCodec.HEADER_BYTES + random.nextInt(bytes.length - AvroCodec.HEADER_BYTES)] =
                        (byte) random.nextInt(256);
            }
            try {
                CODEC.decode(bytes);
                decoded++; // a changed string character or number is still a valid record
            } catch (RecordDecodeException e) {
                assertThat(e.reason()).as("seed %d: %s", seed, e.getMessage()).isIn(Reason.TRUNCATED, Reason.CORRUPT);
            }
        }
        assertThat(decoded).as("some mutations must fail, or the test proves nothing").isLessThan(5_000);
    }

    @Test
    void aHugeLengthPrefixIsRejectedBeforeAvroAllocatesIt() {
        // Header, then a jobId string claiming 2^30 bytes: without the scan Avro would allocate 1 GiB.
        byte[] bytes = Arrays.copyOf(VALID, AvroCodec.HEADER_BYTES + 5);
        byte[] length = {(byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x08};
        System.arraycopy(length, 0, bytes, AvroCodec.HEADER_BYTES, length.length);

        assertReason(() -> CODEC.decode(bytes), Reason.TRUNCATED, "at MeasurementResult.jobId",
                "needs 1073741824 bytes but only 0 remain");
    }

    @Test
    void anEnumIndexOutOfRangeIsCorruptAndNamesTheField() throws IOException {
        MeasurementResult result = Fixtures.minimalResult();
        byte[] bytes = CODEC.encode(result);
        // jobId "j" (2 bytes) and cluster "c" (2 bytes) precede the path enum index.
        int pathIndex = AvroCodec.HEADER_BYTES + 4;
        assertThat(bytes[pathIndex]).isEqualTo((byte) (result.getPath().ordinal() * 2));
        bytes[pathIndex] = 40;

        assertReason(() -> CODEC.decode(bytes), Reason.CORRUPT, "at MeasurementResult.path",
                "enum symbol index 20 is outside 0..3");
    }

    @Test
    void jsonTextIsNotSingleObject() {
        byte[] json = "{\"jobId\":\"j\",\"cluster\":\"c\"}".getBytes(StandardCharsets.UTF_8);

        assertReason(() -> CODEC.decode(json), Reason.NOT_SINGLE_OBJECT, "starts with 0x7b 0x22");
    }

    @Test
    void anotherRecordsSingleObjectBytesAreAnUnknownFingerprintNamedInHex() throws IOException {
        GenericRecord reading = new GenericRecordBuilder(FixtureSchemas.foreign()).set("sensor", "t1")
                .set("value", 21.5).build();
        ByteBuffer encoded = new BinaryMessageEncoder<GenericRecord>(GenericData.get(), FixtureSchemas.foreign())
                .encode(reading);
        byte[] foreign = new byte[encoded.remaining()];
        encoded.get(foreign);
        String hex = SchemaHistory.hex(SchemaHistory.fingerprint(FixtureSchemas.foreign()));

        assertReason(() -> CODEC.decode(foreign), Reason.UNKNOWN_FINGERPRINT, hex, "not a known version");
    }

    @Test
    void aMeasurementJobGivenToTheResultCodecIsAnUnknownFingerprint() {
        byte[] job = Codecs.MEASUREMENT_JOB.encode(Fixtures.fullJob());

        assertReason(() -> CODEC.decode(job), Reason.UNKNOWN_FINGERPRINT,
                SchemaHistory.hex(Codecs.MEASUREMENT_JOB.fingerprint()));
    }

    @Test
    void plainAvroBinaryWithoutTheHeaderIsNotSingleObject() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new SpecificDatumWriter<>(MeasurementResult.class).write(Fixtures.fullResult(), encoder);
        encoder.flush();

        assertReason(() -> CODEC.decode(out.toByteArray()), Reason.NOT_SINGLE_OBJECT, "not the single-object marker");
    }

    @Test
    void aHeaderCutShortIsTruncatedAndAWrongSecondMarkerByteIsNotSingleObject() {
        assertReason(() -> CODEC.decode(new byte[] {(byte) 0xC3, 0x01, 1, 2}), Reason.TRUNCATED,
                "shorter than the 10-byte single-object header");
        assertReason(() -> CODEC.decode(new byte[] {(byte) 0xC3, 0x02, 1, 2}), Reason.NOT_SINGLE_OBJECT,
                "starts with 0xc3 0x02");
    }
}
