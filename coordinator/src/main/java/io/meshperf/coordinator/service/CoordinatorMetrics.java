package io.meshperf.coordinator.service;

import io.meshperf.coordinator.planning.JobKind;
import io.meshperf.coordinator.publishing.Cadence;
import io.meshperf.coordinator.publishing.ResultSeen;
import io.meshperf.schemas.MeasurementJob;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The coordinator's meters, all named {@code meshperf.coordinator.*} on the injected registry, with
 * tags from small fixed sets (kind, status, origin, outcome) so a large fleet does not multiply
 * series. Per-pair detail lives on Kafka, not here. Updated from the coordinator thread; gauges read
 * atomics, so scrapes from the HTTP event loop are safe.
 */
final class CoordinatorMetrics {

    private final MeterRegistry registry;
    private final AtomicLong leader = new AtomicLong();
    private final AtomicLong openJobs = new AtomicLong();
    private final AtomicLong measurableNodes = new AtomicLong();
    private final AtomicLong pairsCovered = new AtomicLong();
    private final AtomicLong pairsTotal = new AtomicLong();
    private final AtomicLong roundsToFullCoverage = new AtomicLong();
    private final AtomicLong round = new AtomicLong(-1);

    CoordinatorMetrics(MeterRegistry registry) {
        this.registry = registry;
        Gauge.builder("meshperf.coordinator.leader", leader, AtomicLong::get)
                .description("1 while this replica leads (plans and publishes), else 0").register(registry);
        Gauge.builder("meshperf.coordinator.jobs.open", openJobs, AtomicLong::get)
                .description("Published jobs still missing results").register(registry);
        Gauge.builder("meshperf.coordinator.targets.measurable", measurableNodes, AtomicLong::get)
                .description("Nodes with a ready agent").register(registry);
        Gauge.builder("meshperf.coordinator.plan.pairs.covered", pairsCovered, AtomicLong::get)
                .description("Ordered node pairs planned for latency since membership last changed").register(registry);
        Gauge.builder("meshperf.coordinator.plan.pairs.measurable", pairsTotal, AtomicLong::get)
                .description("Ordered pairs of measurable nodes").register(registry);
        Gauge.builder("meshperf.coordinator.plan.rounds.to.full.coverage", roundsToFullCoverage, AtomicLong::get)
                .description("Latency rounds needed to cover every ordered pair").register(registry);
        Gauge.builder("meshperf.coordinator.plan.round", round, AtomicLong::get)
                .description("Last latency round published by this replica").register(registry);
        for (JobKind kind : JobKind.values()) {
            jobsPublished(kind);
        }
    }

    private Counter jobsPublished(JobKind kind) {
        return Counter.builder("meshperf.coordinator.jobs.published").tag("kind", tag(kind))
                .description("Jobs published to the jobs topic").register(registry);
    }

    void published(List<MeasurementJob> jobs) {
        long bandwidth = jobs.stream().filter(j -> j.getSlot() != null).count();
        jobsPublished(JobKind.BANDWIDTH).increment(bandwidth);
        jobsPublished(JobKind.LATENCY).increment(jobs.size() - bandwidth);
    }

    void resultSeen(ResultSeen result) {
        Counter.builder("meshperf.coordinator.results.seen")
                .tag("status", result.status().name()).tag("origin", result.origin().name())
                .description("Results read from the results topic").register(registry).increment();
    }

    void timeouts(int count) {
        Counter.builder("meshperf.coordinator.timeouts")
                .description("TIMEOUT results the coordinator wrote for tests no agent answered")
                .register(registry).increment(count);
    }

    void skipped(int count) {
        Counter.builder("meshperf.coordinator.skipped")
                .description("SKIPPED results the coordinator wrote for jobs whose source agent left")
                .register(registry).increment(count);
    }

    void publishFailed() {
        Counter.builder("meshperf.coordinator.publish.failures")
                .description("Publishing transactions that failed and were rolled back").register(registry).increment();
    }

    void slotEnded(Cadence.SlotEnd end) {
        Timer.builder("meshperf.coordinator.slot.duration")
                .tag("outcome", end.answered() ? "answered" : "deadline")
                .description("Bandwidth slot from publish to its last result or its deadline")
                .register(registry).record(end.ranFor());
    }

    void leader(boolean leads) {
        leader.set(leads ? 1 : 0);
    }

    void openJobs(int count) {
        openJobs.set(count);
    }

    void targets(int measurable) {
        measurableNodes.set(measurable);
    }

    void coverage(long covered, long total, int roundsToFull) {
        pairsCovered.set(covered);
        pairsTotal.set(total);
        roundsToFullCoverage.set(roundsToFull);
    }

    void round(long number) {
        round.set(number);
    }

    private static String tag(JobKind kind) {
        return kind.name().toLowerCase(Locale.ROOT);
    }
}
