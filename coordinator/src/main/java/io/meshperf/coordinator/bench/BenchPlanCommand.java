package io.meshperf.coordinator.bench;

import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.planning.BandwidthPlanner;
import io.meshperf.coordinator.planning.BandwidthSchedule;
import io.meshperf.coordinator.planning.BandwidthSlot;
import io.meshperf.coordinator.planning.LatencyPlan;
import io.meshperf.coordinator.planning.LatencyPlanner;
import io.meshperf.coordinator.planning.PlanConfig;
import java.io.PrintWriter;
import java.lang.ref.Reference;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-plan}: how long planning takes and how much memory it needs, per cluster size, on a
 * synthetic healthy cluster ({@link SyntheticCluster}). Single-threaded, on the calling thread;
 * blocks until done (about a minute for the default sizes). Exits 0, or 2 on bad options.
 */
@Command(name = "bench-plan", mixinStandardHelpOptions = true,
        description = "Time and memory of planning latency rounds and bandwidth slots for clusters of N nodes.")
public final class BenchPlanCommand implements Callable<Integer> {

    private static final Instant EPOCH = Instant.parse("2026-01-01T00:00:00Z");
    private static final double ROUND_TARGET_MS = 100.0;
    private static final long HEAP_TARGET_BYTES = 256L << 20;

    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", split = ",", paramLabel = "N",
            description = "Cluster sizes, repeatable or a comma list (default: ${DEFAULT-VALUE}).",
            defaultValue = "100,1000,5000")
    private List<Integer> sizes;

    @Option(names = "--zones", defaultValue = "3", description = "Zones the nodes spread over (default: ${DEFAULT-VALUE}).")
    private int zones;

    @Option(names = "--peers-per-round", description = "Latency peers per node per round (default: the plan default).")
    private Integer peersPerRound;

    @Option(names = "--zone-aware", description = "Plan latency peers zone-aware.")
    private boolean zoneAware;

    @Option(names = "--warmup", defaultValue = "10", description = "Untimed runs first (default: ${DEFAULT-VALUE}).")
    private int warmup;

    @Option(names = "--repeats", defaultValue = "50", description = "Timed runs (default: ${DEFAULT-VALUE}).")
    private int repeats;

    @Option(names = "--cycle-repeats", defaultValue = "2",
            description = "Timed whole bandwidth cycles (default: ${DEFAULT-VALUE}).")
    private int cycleRepeats;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PlanConfig config = config();
        check(warmup >= 0, "--warmup must not be negative, got " + warmup);
        check(repeats >= 1, "--repeats must be at least 1, got " + repeats);
        check(cycleRepeats >= 1, "--cycle-repeats must be at least 1, got " + cycleRepeats);
        check(zones >= 1, "--zones must be at least 1, got " + zones);
        for (int n : sizes) {
            check(n >= 2 && n <= 65_000, "--nodes must be in 2..65000, got " + n);
        }
        out.printf(Locale.ROOT, "bench-plan: java %s, %d cpus, max heap %s; config %s%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                mib(Runtime.getRuntime().maxMemory()), config);
        warmUpClasses(config);
        for (int n : sizes) {
            measure(out, n, config);
            out.flush();
        }
        out.printf(Locale.ROOT, "peak heap used over the whole run: %s%n", mib(peakHeap()));
        return 0;
    }

    private PlanConfig config() {
        PlanConfig.Builder builder = PlanConfig.defaults().toBuilder().zoneAware(zoneAware);
        if (peersPerRound != null) {
            builder.peersPerRound(peersPerRound);
        }
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), message);
        }
    }

    private void measure(PrintWriter out, int n, PlanConfig config) {
        long heapBefore = Sampler.usedHeapAfterGc();
        TargetSet targets = SyntheticCluster.build("bench", n, zones);
        long targetSetBytes = Sampler.usedHeapAfterGc() - heapBefore;
        LatencyPlanner latency = new LatencyPlanner(config);
        BandwidthPlanner bandwidth = new BandwidthPlanner(config);
        long roundMillis = config.roundInterval().toMillis();
        BandwidthSchedule schedule = bandwidth.schedule(targets, 0);
        int slots = schedule.slotCount();

        Sampler.Samples rounds = Sampler.sample(warmup, repeats,
                r -> latency.planRound(targets, r, EPOCH.plusMillis(r * roundMillis)).jobs().size());
        // A bandwidth slot that starts halfway through the round: every node is in a match, so the
        // latency planner must fit each node's pairs around its busy window.
        long slotOffset = roundMillis / 2;
        Sampler.Samples busyRounds = Sampler.sample(warmup, repeats, r -> {
            Instant start = EPOCH.plusMillis(r * roundMillis);
            BandwidthSlot slot = schedule.planSlot(targets, r % slots, start.plusMillis(slotOffset));
            return latency.planRound(targets, r, start, slot.busyWindows()).droppedForBandwidth();
        });
        Sampler.Samples slotSamples = Sampler.sample(warmup, repeats,
                s -> bandwidth.planSlot(targets, 0, s % slots, EPOCH).jobs().size());
        Sampler.Samples cycles = Sampler.sample(0, cycleRepeats, c -> planCycle(bandwidth, targets, c));

        LatencyPlan plan = latency.planRound(targets, 0, EPOCH);
        BandwidthSlot firstSlot = schedule.planSlot(targets, 0, EPOCH.plusMillis(slotOffset));
        LatencyPlan busyPlan = latency.planRound(targets, 0, EPOCH, firstSlot.busyWindows());
        long planBytes = Sampler.usedHeapAfterGc() - heapBefore - targetSetBytes;
        Reference.reachabilityFence(plan);
        Reference.reachabilityFence(busyPlan);
        Reference.reachabilityFence(firstSlot);

        Duration cycleTime = Duration.ofMillis(cycles.resultSum() / cycleRepeats);
        out.printf(Locale.ROOT, "%nnodes=%d zones=%d agents=%d (target set retains %s)%n",
                n, zones, targets.agents().size(), mib(targetSetBytes));
        out.printf(Locale.ROOT, "  %-24s %s  allocated %s/plan  jobs/round %d  %s%n", "latency round",
                times(rounds), mib(rounds.allocatedBytesPerRun()), plan.jobs().size(),
                rounds.p99() / 1e6 < ROUND_TARGET_MS ? "(wall p99 under 100 ms)" : "(wall p99 OVER 100 ms)");
        out.printf(Locale.ROOT, "  %-24s %s  allocated %s/plan  jobs moved %d, dropped %d%n",
                "slot + round, slot at +" + slotOffset / 1000 + "s", times(busyRounds),
                mib(busyRounds.allocatedBytesPerRun()), busyPlan.movedForBandwidth(), busyPlan.droppedForBandwidth());
        out.printf(Locale.ROOT, "  %-24s %s  allocated %s/plan  jobs/slot %d%n", "bandwidth slot",
                times(slotSamples), mib(slotSamples.allocatedBytesPerRun()), firstSlot.jobs().size());
        out.printf(Locale.ROOT, "  %-24s wall median %s max %s  cpu median %s  allocated %s/cycle  (%d slots)%n",
                "bandwidth cycle", ms(cycles.median()), ms(cycles.max()), ms(cycles.cpuMedian()),
                mib(cycles.allocatedBytesPerRun()), slots);
        out.printf(Locale.ROOT, "  coverage                 latency: all ordered pairs in %d rounds (%s), all zone pairs in %d; bandwidth: all pairs in %d slots (%s at %.0f%% duty)%n",
                plan.roundsToFullCoverage(), human(config.roundInterval().multipliedBy(plan.roundsToFullCoverage())),
                plan.zoneRoundsToCoverage(),
                slots, human(cycleTime), config.bandwidthDutyCycle() * 100);
        out.printf(Locale.ROOT, "  retained heap            one round's plan + one slot: %s; with the target set %s %s%n",
                mib(planBytes), mib(planBytes + targetSetBytes),
                planBytes + targetSetBytes < HEAP_TARGET_BYTES ? "(under 256 MiB)" : "(OVER 256 MiB)");
    }

    /** Loads and initialises every class planning touches, so the first size's heap figures are its own. */
    private static void warmUpClasses(PlanConfig config) {
        TargetSet small = SyntheticCluster.build("bench", 4, 2);
        BandwidthSlot slot = new BandwidthPlanner(config).planSlot(small, 0, 0, EPOCH);
        new LatencyPlanner(config).planRound(small, 0, EPOCH, slot.busyWindows());
    }

    /** Plans every slot of a cycle back to back, discarding each; returns the cycle's planned length in ms. */
    private static long planCycle(BandwidthPlanner planner, TargetSet targets, int cycle) {
        BandwidthSchedule schedule = planner.schedule(targets, cycle);
        Instant at = EPOCH;
        for (int s = 0; s < schedule.slotCount(); s++) {
            at = schedule.planSlot(targets, s, at).nextStartNotBefore();
        }
        return Duration.between(EPOCH, at).toMillis();
    }

    private static long peakHeap() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak;
    }

    private static String times(Sampler.Samples samples) {
        return "wall median " + ms(samples.median()) + " p99 " + ms(samples.p99())
                + "  cpu median " + ms(samples.cpuMedian()) + " p99 " + ms(samples.cpuP99());
    }

    private static String ms(long nanos) {
        return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
    }

    private static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024.0));
    }

    private static String human(Duration d) {
        if (d.toDays() >= 2) {
            return String.format(Locale.ROOT, "%.1f days", d.toHours() / 24.0);
        }
        if (d.toHours() >= 2) {
            return String.format(Locale.ROOT, "%.1f h", d.toMinutes() / 60.0);
        }
        return String.format(Locale.ROOT, "%.1f min", d.toSeconds() / 60.0);
    }
}
