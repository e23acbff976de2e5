package io.meshperf.schemas.codec;

import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.MeasurementResult;
import java.io.IOException;
import java.util.function.Supplier;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Rough single-thread throughput of the MeasurementResult codec, printed, never asserted. Run:
 * {@code mvn -B -pl schemas test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.meshperf.schemas.codec.CodecThroughput}. "plain Avro decode" is Avro's own
 * decoder without this codec's bounds scan, to show what the scan costs.
 */
public final class CodecThroughput {

    private static final long WARM_UP_NANOS = 2_000_000_000L;
    private static final long MEASURE_NANOS = 3_000_000_000L;

    /** Keeps every result reachable so the JIT cannot drop the work. */
    private static volatile Object sink;

    private CodecThroughput() {
    }

    public static void main(String[] args) throws IOException {
        AvroCodec<MeasurementResult> codec = Codecs.MEASUREMENT_RESULT;
        MeasurementResult result = Fixtures.latencyResult();
        byte[] bytes = codec.encode(result);
        BinaryMessageDecoder<MeasurementResult> plain = MeasurementResult.getDecoder();
        System.out.printf("MeasurementResult (OK tcp_lat, %d bytes), one thread:%n", bytes.length);
        report("encode", () -> codec.encode(result));
        report("decode", () -> codec.decode(bytes));
        report("plain Avro decode", () -> {
            try {
                return plain.decode(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static void report(String what, Supplier<Object> operation) {
        run(operation, WARM_UP_NANOS);
        long start = System.nanoTime();
        long count = run(operation, MEASURE_NANOS);
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("  %-18s %,12.0f per second%n", what, count / seconds);
    }

    /** Runs {@code operation} for about {@code nanos}; returns how often, keeping results alive. */
    private static long run(Supplier<Object> operation, long nanos) {
        long deadline = System.nanoTime() + nanos;
        long count = 0;
        while (System.nanoTime() < deadline) {
            for (int i = 0; i < 1_000; i++) {
                sink = operation.get();
            }
            count += 1_000;
        }
        return count;
    }
}
