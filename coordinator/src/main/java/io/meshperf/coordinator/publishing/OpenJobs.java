package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.TestType;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The published jobs that still miss results: job id to the tests not yet answered.
 *
 * <p>A result closes one test of its job; a job leaves when all its tests are closed. What is
 * still open past deadline + grace is handed out by {@link #expired} so the coordinator can write
 * TIMEOUT stand-ins, and {@link #remove} drops them once those are written. Results for jobs that
 * are not here (closed already, another cluster, a job before the coordinator's look-back) are
 * ignored, so replaying results after a take-over is harmless.
 *
 * <p>Pure and not thread-safe: owned by the coordinator thread.
 */
public final class OpenJobs {

    /** One open job and the tests it still owes. */
    public record Open(MeasurementJob job, Set<TestType> missing) {
        public Open {
            Objects.requireNonNull(job, "job");
            missing = Set.copyOf(missing);
        }
    }

    private final Map<String, Entry> byId = new LinkedHashMap<>();

    private static final class Entry {
        final MeasurementJob job;
        final EnumSet<TestType> missing;

        Entry(MeasurementJob job) {
            this.job = job;
            this.missing = job.getTests().isEmpty() ? EnumSet.noneOf(TestType.class) : EnumSet.copyOf(job.getTests());
        }
    }

    /** Starts tracking a published job; a job already tracked is kept as it is. */
    public void add(MeasurementJob job) {
        Objects.requireNonNull(job, "job");
        if (!job.getTests().isEmpty()) {
            byId.putIfAbsent(job.getJobId(), new Entry(job));
        }
    }

    /**
     * Closes one test of a job.
     *
     * @return true if the job was open and owed that test
     */
    public boolean close(String jobId, TestType test) {
        Entry e = byId.get(jobId);
        if (e == null || !e.missing.remove(test)) {
            return false;
        }
        if (e.missing.isEmpty()) {
            byId.remove(jobId);
        }
        return true;
    }

    /** The open jobs whose deadline plus {@code grace} is at or before {@code now}; nothing is removed. */
    public List<Open> expired(Instant now, Duration grace) {
        return matching(e -> !e.job.getDeadline().plus(grace).isAfter(now));
    }

    /** The open jobs whose source agent id satisfies {@code gone}; nothing is removed. */
    public List<Open> fromSources(Predicate<String> gone) {
        return matching(e -> gone.test(e.job.getSource().getAgentId()));
    }

    private List<Open> matching(Predicate<Entry> filter) {
        List<Open> out = new ArrayList<>();
        for (Entry e : byId.values()) {
            if (filter.test(e)) {
                out.add(new Open(e.job, e.missing));
            }
        }
        return out;
    }

    /** Stops tracking these jobs (their stand-in results are written). */
    public void remove(List<Open> closed) {
        for (Open o : closed) {
            byId.remove(o.job().getJobId());
        }
    }

    /** Open jobs of bandwidth slot {@code slotNumber}. */
    public int openInSlot(long slotNumber) {
        int n = 0;
        for (Entry e : byId.values()) {
            Long slot = e.job.getSlot();
            if (slot != null && slot == slotNumber) {
                n++;
            }
        }
        return n;
    }

    /** The earliest deadline of any open job. */
    public Optional<Instant> earliestDeadline() {
        return byId.values().stream().map(e -> e.job.getDeadline()).min(Instant::compareTo);
    }

    /** When the oldest open job was issued. */
    public Optional<Instant> oldestIssuedAt() {
        return byId.values().stream().map(e -> e.job.getIssuedAt()).min(Instant::compareTo);
    }

    /** Up to {@code limit} open job ids, oldest first, for logs. */
    public List<String> sampleIds(int limit) {
        return byId.keySet().stream().limit(limit).toList();
    }

    public int size() {
        return byId.size();
    }

    public void clear() {
        byId.clear();
    }
}
