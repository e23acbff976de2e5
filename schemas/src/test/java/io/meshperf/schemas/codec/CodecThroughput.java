package io.meshperf.schemas.codec;

import io.meshperf.schemas.Fixtures;
import io.meshperf.schemas.MeasurementResult;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.avro.message.BinaryMessageDecoder;

/**
 * Rough single-thread throughput of the MeasurementResult codec, printed, never asserted. Run:
 * {@code mvn -B -pl schemas test-compile exec:java -Dexec.classpathScope=test
 * -Dexec.mainClass=io.meshperf.schemas.codec.CodecThroughput}.
 *
 * <p>Operations are interleaved over several rounds and counted per second of this thread's CPU time
 * as well as per wall-clock second, because on a shared machine the wall-clock figure mostly measures
 * the neighbours. "plain Avro decode" is Avro's own decoder without this codec's bounds scan.
 */
public final class CodecThroughput {

    private static final int ROUNDS = 7;
    private static final long ROUND_NANOS = 700_000_000L;

    /** Keeps every result reachable so the JIT cannot drop the work. */
    private static volatile Object sink;

    private CodecThroughput() {
    }

    public static void main(String[] args) {
        AvroCodec<MeasurementResult> codec = Codecs.MEASUREMENT_RESULT;
        MeasurementResult result = Fixtures.latencyResult();
        byte[] bytes = codec.encode(result);
        BinaryMessageDecoder<MeasurementResult> plain = MeasurementResult.getDecoder();
        Map<String, Supplier<Object>> operations = new LinkedHashMap<>();
        operations.put("encode", () -> codec.encode(result));
        operations.put("decode", () -> codec.decode(bytes));
        operations.put("plain Avro decode", () -> {
            try {
                return plain.decode(bytes);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });

        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        Map<String, double[]> perCpuSecond = new LinkedHashMap<>();
        Map<String, double[]> perWallSecond = new LinkedHashMap<>();
        operations.keySet().forEach(name -> {
            perCpuSecond.put(name, new double[ROUNDS]);
            perWallSecond.put(name, new double[ROUNDS]);
        });
        operations.values().forEach(operation -> run(operation, ROUND_NANOS * 2)); // warm up
        for (int round = 0; round < ROUNDS; round++) {
            for (Map.Entry<String, Supplier<Object>> operation : operations.entrySet()) {
                long cpuStart = threads.getCurrentThreadCpuTime();
                long wallStart = System.nanoTime();
                long count = run(operation.getValue(), ROUND_NANOS);
                long cpuNanos = threads.getCurrentThreadCpuTime() - cpuStart;
                perCpuSecond.get(operation.getKey())[round] = count / (cpuNanos / 1e9);
                perWallSecond.get(operation.getKey())[round] = count / ((System.nanoTime() - wallStart) / 1e9);
            }
        }
        System.out.printf("MeasurementResult (OK tcp_lat, %d bytes), one thread, median of %d rounds:%n",
                bytes.length, ROUNDS);
        operations.keySet().forEach(name -> System.out.printf(
                "  %-18s %,10.0f per CPU second %,10.0f per wall second%n",
                name, median(perCpuSecond.get(name)), median(perWallSecond.get(name))));
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** Runs {@code operation} for about {@code nanos} of wall time; returns how often. */
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
