package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.Backend;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Status;
import io.meshperf.schemas.TestType;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Everything one window keeps about one test: counts by status, the OK results' figures twice
 * (all of them, and only those taken while the measuring agent was idle, so busy samples can be
 * excluded at read time), UDP datagram counters and which backend served each OK test.
 *
 * <p>Windows of different pairs or times {@link #addAll merge} exactly. Mutable, not thread-safe:
 * the stream thread owns the one in its store; queries build their own by merging.
 */
public final class TestWindow {

    long count;
    long okCount;
    long busyCount;
    final EnumMap<Status, Long> failures = new EnumMap<>(Status.class);
    final Samples all = new Samples();
    final Samples idle = new Samples();
    long udpMessagesSent;
    long udpMessagesReceived;
    final TreeMap<String, Long> servedBy = new TreeMap<>();

    /**
     * Adds one result of this window's test. Figures of failed results are ignored (a failure has
     * none worth keeping); the caller has validated the result ({@link ResultCheck}).
     */
    public void add(MeasurementResult result) {
        count++;
        if (result.getStatus() != Status.OK) {
            failures.merge(result.getStatus(), 1L, Long::sum);
            return;
        }
        okCount++;
        boolean busy = result.getConcurrentSessions() > 0;
        if (busy) {
            busyCount++;
        }
        all.record(result);
        if (!busy) {
            idle.record(result);
        }
        if (result.getTest() == TestType.UDP_BW && result.getUdpMessagesSent() != null
                && result.getUdpMessagesReceived() != null) {
            udpMessagesSent += result.getUdpMessagesSent();
            udpMessagesReceived += result.getUdpMessagesReceived();
        }
        Backend backend = result.getServedBy();
        if (backend != null) {
            servedBy.merge(backend.getPod() != null ? backend.getPod() : backend.getAddress(), 1L, Long::sum);
        }
    }

    /** Adds everything {@code other} counted; {@code other} is not changed. */
    public void addAll(TestWindow other) {
        count += other.count;
        okCount += other.okCount;
        busyCount += other.busyCount;
        other.failures.forEach((status, n) -> failures.merge(status, n, Long::sum));
        all.addAll(other.all);
        idle.addAll(other.idle);
        udpMessagesSent += other.udpMessagesSent;
        udpMessagesReceived += other.udpMessagesReceived;
        other.servedBy.forEach((backend, n) -> servedBy.merge(backend, n, Long::sum));
    }

    /** Results of every status. */
    public long count() {
        return count;
    }

    /** OK results. */
    public long okCount() {
        return okCount;
    }

    /** OK results taken while the measuring agent served other sessions. */
    public long busyCount() {
        return busyCount;
    }

    /** Failed results by status (never OK), a copy. */
    public Map<Status, Long> failures() {
        return new EnumMap<>(failures);
    }

    /** Failed results with {@code status}. */
    public long failures(Status status) {
        return failures.getOrDefault(status, 0L);
    }

    /** Figures of OK results: all of them, or only those taken on an idle agent. */
    public Samples samples(boolean excludeBusy) {
        return excludeBusy ? idle : all;
    }

    /** Datagrams sent by OK UDP bandwidth tests. */
    public long udpMessagesSent() {
        return udpMessagesSent;
    }

    /** Datagrams received by OK UDP bandwidth tests. */
    public long udpMessagesReceived() {
        return udpMessagesReceived;
    }

    /** OK results per serving backend (its pod, else its address), a sorted copy. */
    public Map<String, Long> servedBy() {
        return new TreeMap<>(servedBy);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TestWindow w && count == w.count && okCount == w.okCount && busyCount == w.busyCount
                && failures.equals(w.failures) && all.equals(w.all) && idle.equals(w.idle)
                && udpMessagesSent == w.udpMessagesSent && udpMessagesReceived == w.udpMessagesReceived
                && servedBy.equals(w.servedBy);
    }

    @Override
    public int hashCode() {
        return Objects.hash(count, okCount, busyCount, failures, all, idle, servedBy);
    }

    @Override
    public String toString() {
        return "TestWindow[count=" + count + ", ok=" + okCount + ", busy=" + busyCount + ", failures=" + failures + "]";
    }
}
