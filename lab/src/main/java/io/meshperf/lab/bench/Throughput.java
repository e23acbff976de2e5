package io.meshperf.lab.bench;

import io.meshperf.coordinator.aggregation.AggregationStreams;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Times the aggregation through a preloaded topic: from start (and from running) until the
 * committed offsets of its consumer group on the results topic add up to every result. Offsets are
 * read every 50 ms, which bounds the timing's resolution. Blocks the calling thread.
 *
 * @param totalSeconds from {@code start()} to done
 * @param processingSeconds from running to done
 * @param resultsPerSecond results / processingSeconds
 * @param cpuMicrosPerResult CPU time of the whole process (broker included) from running to done, per result
 */
record Throughput(double totalSeconds, double processingSeconds, double resultsPerSecond, double cpuMicrosPerResult) {

    private static final Duration DEADLINE = Duration.ofMinutes(15);
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    /**
     * Blocks until the aggregation has committed {@code results} offsets of {@code topic}, as
     * {@link #measure} does; for catching up outside a timed run.
     */
    static void awaitCommitted(String bootstrap, String applicationId, String topic, long results) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            long deadline = System.nanoTime() + DEADLINE.toNanos();
            while (committed(admin, applicationId, topic) < results) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the aggregation did not catch up within " + DEADLINE);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
        }
    }

    static Throughput measure(AggregationStreams streams, String bootstrap, String applicationId, String topic,
                              long results) throws Exception {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        try (Admin admin = Admin.create(p)) {
            long start = System.nanoTime();
            streams.start().toCompletableFuture().get(2, TimeUnit.MINUTES);
            long running = System.nanoTime();
            long cpuAtRunning = processCpuNanos();
            long deadline = running + DEADLINE.toNanos();
            while (committed(admin, applicationId, topic) < results) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the aggregation did not process " + results + " results within "
                            + DEADLINE);
                }
                LockSupport.parkNanos(POLL_NANOS);
            }
            long done = System.nanoTime();
            long cpu = processCpuNanos() - cpuAtRunning;
            double processing = (done - running) / 1e9;
            return new Throughput((done - start) / 1e9, processing, results / processing, cpu / 1e3 / results);
        }
    }

    /** CPU time of this JVM so far: every thread, the in-process broker's too. */
    static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        throw new IllegalStateException("this JVM does not report process CPU time");
    }

    private static long committed(Admin admin, String group, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(topic) && e.getValue() != null)
                .mapToLong(e -> e.getValue().offset()).sum();
    }
}
