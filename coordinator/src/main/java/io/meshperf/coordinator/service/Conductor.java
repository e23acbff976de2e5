package io.meshperf.coordinator.service;

import io.meshperf.coordinator.discovery.Agent;
import io.meshperf.coordinator.discovery.TargetSet;
import io.meshperf.coordinator.leader.LeaderElection;
import io.meshperf.coordinator.planning.BandwidthPlanner;
import io.meshperf.coordinator.planning.BandwidthSchedule;
import io.meshperf.coordinator.planning.BandwidthSlot;
import io.meshperf.coordinator.planning.BusyWindows;
import io.meshperf.coordinator.planning.JobMapper;
import io.meshperf.coordinator.planning.LatencyPlan;
import io.meshperf.coordinator.planning.LatencyPlanner;
import io.meshperf.coordinator.planning.PlanConfig;
import io.meshperf.coordinator.planning.PlannedJob;
import io.meshperf.coordinator.planning.SlotId;
import io.meshperf.coordinator.publishing.Cadence;
import io.meshperf.coordinator.publishing.Checkpoint;
import io.meshperf.coordinator.publishing.JobPublisher;
import io.meshperf.coordinator.publishing.OpenJobs;
import io.meshperf.coordinator.publishing.PublishBatch;
import io.meshperf.coordinator.publishing.PublishException;
import io.meshperf.coordinator.publishing.PublisherFencedException;
import io.meshperf.coordinator.publishing.ResultSeen;
import io.meshperf.coordinator.publishing.ResultsFeed;
import io.meshperf.coordinator.publishing.StandIns;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's work: take over from the topics, then publish latency rounds and bandwidth slots
 * when {@link Cadence} says they are due, close jobs as results arrive, and write stand-in results
 * (TIMEOUT after deadline + grace, SKIPPED when a source agent leaves). Followers only keep the
 * target set for the status view.
 *
 * <p>Threads: everything here runs on one dedicated thread, {@code meshperf-coordinator}, which
 * owns all mutable state; election, discovery and the results feed only enqueue tasks. Publishing
 * blocks that thread until the transaction commits, on purpose: nothing is planned on top of a
 * batch whose fate is unknown. Any publishing failure drops the in-memory state and takes over
 * again from the topics (a fenced publisher means another replica leads: then it just follows).
 *
 * <p>Take-over, in order: claim the transactional id (fences the old leader and aborts its open
 * transaction), read the checkpoint, read back the jobs issued since the oldest open one, replay
 * the results from then on; publishing starts once the replay has caught up, so a job answered
 * before the take-over is never given a TIMEOUT.
 */
final class Conductor implements LeaderElection.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(Conductor.class);
    /** Results carry agents' clocks; replay this far before the oldest open job to allow for skew. */
    static final Duration CLOCK_SKEW_ALLOWANCE = Duration.ofMinutes(1);
    private static final Duration RETRY = Duration.ofSeconds(2);

    /** What this replica is doing. */
    enum Role { FOLLOWING, TAKING_OVER, LEADING }

    /** Reads back the topics at take-over. */
    interface TopicReader {
        Optional<Checkpoint> checkpoint();

        List<MeasurementJob> jobsSince(Instant since);
    }

    private final String cluster;
    private final String replicaId;
    private final PlanConfig plan;
    private final Duration resultGrace;
    private final Clock clock;
    private final ScheduledExecutorService thread;
    private final Supplier<JobPublisher> publishers;
    private final Supplier<ResultsFeed> feeds;
    private final TopicReader topics;
    private final CoordinatorMetrics metrics;
    private final LatencyPlanner latencyPlanner;
    private final BandwidthPlanner bandwidthPlanner;
    private final JobMapper mapper;
    private final PlanCoverage coverage = new PlanCoverage();
    private final StatusView status;

    private volatile boolean elected;
    private volatile String problem;
    private Role role = Role.FOLLOWING;
    private long epoch;
    private TargetSet targets;
    private JobPublisher publisher;
    private ResultsFeed feed;
    private boolean replayed;
    private boolean targetsChanged = true;
    private OpenJobs open = new OpenJobs();
    private Cadence cadence;
    private BandwidthSchedule schedule;
    private BandwidthSlot slot;
    private LatencyPlan round;
    private ScheduledFuture<?> timer;

    Conductor(String cluster, String replicaId, PlanConfig plan, Duration resultGrace, Clock clock,
              ScheduledExecutorService thread, Supplier<JobPublisher> publishers, Supplier<ResultsFeed> feeds,
              TopicReader topics, CoordinatorMetrics metrics, StatusView status, TargetSet initial) {
        this.cluster = cluster;
        this.replicaId = replicaId;
        this.plan = plan;
        this.resultGrace = resultGrace;
        this.clock = clock;
        this.thread = thread;
        this.publishers = publishers;
        this.feeds = feeds;
        this.topics = topics;
        this.metrics = metrics;
        this.status = status;
        this.latencyPlanner = new LatencyPlanner(plan);
        this.bandwidthPlanner = new BandwidthPlanner(plan);
        this.mapper = new JobMapper(plan);
        this.targets = Objects.requireNonNull(initial, "initial");
        thread.execute(safely(this::refreshStatus));
    }

    @Override
    public void elected() {
        elected = true;
        thread.execute(safely(this::takeOver));
    }

    @Override
    public void revoked() {
        elected = false;
        thread.execute(safely(() -> stepDown("leadership revoked")));
    }

    /** A new target set from discovery; called on discovery's thread. */
    void targetsChanged(TargetSet next) {
        thread.execute(safely(() -> onTargets(next)));
    }

    /** Stops leading without waiting for the election (on shutdown); runs on the coordinator thread. */
    void shutdown() {
        thread.execute(safely(() -> {
            elected = false;
            stepDown("shutting down");
        }));
    }

    /**
     * The last unexpected failure of the coordinator thread, for /healthz; null when none, or once a
     * take-over after it has completed.
     */
    String problem() {
        return problem;
    }

    /**
     * Wraps a task so that a bug (an unexpected exception) is logged, shown on /healthz, and answered
     * by taking over again from the topics, instead of silently ending the executor's task.
     */
    private Runnable safely(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                problem = "coordinator thread failed: " + e;
                LOG.error("Coordinator task failed; dropping in-memory state and taking over again", e);
                stepDown("task failed");
                if (elected) {
                    thread.schedule(safely(this::takeOver), RETRY.toMillis(), TimeUnit.MILLISECONDS);
                }
            }
        };
    }

    private void takeOver() {
        if (!elected || role != Role.FOLLOWING) {
            return;
        }
        role = Role.TAKING_OVER;
        long myEpoch = ++epoch;
        refreshStatus();
        try {
            publisher = publishers.get();
            publisher.open();
            Instant now = clock.instant();
            Checkpoint checkpoint = topics.checkpoint().orElse(Checkpoint.initial(cluster, replicaId, now));
            open = new OpenJobs();
            List<MeasurementJob> readBack = topics.jobsSince(checkpoint.openSince());
            readBack.forEach(open::add);
            cadence = Cadence.resume(plan.roundInterval(), checkpoint);
            schedule = null;
            slot = null;
            replayed = false;
            feed = feeds.get();
            feed.start(checkpoint.openSince().minus(CLOCK_SKEW_ALLOWANCE),
                    (results, caughtUp) -> thread.execute(safely(() -> onResults(myEpoch, results, caughtUp))));
            role = Role.LEADING;
            metrics.leader(true);
            LOG.info("Replica {} leads cluster {}: last round {}, last slot {}, {} jobs read back since {}", replicaId,
                    cluster, checkpoint.round(), checkpoint.slot(), readBack.size(), checkpoint.openSince());
        } catch (PublisherFencedException e) {
            LOG.warn("Take-over of cluster {} was fenced by another replica; following", cluster);
            release();
        } catch (RuntimeException e) {
            LOG.error("Take-over of cluster {} failed; retrying in {}", cluster, RETRY, e);
            release();
            thread.schedule(safely(this::takeOver), RETRY.toMillis(), TimeUnit.MILLISECONDS);
        }
        refreshStatus();
    }

    private void onResults(long fromEpoch, List<ResultSeen> results, boolean caughtUp) {
        if (fromEpoch != epoch || role != Role.LEADING) {
            return;
        }
        for (ResultSeen r : results) {
            metrics.resultSeen(r);
            open.close(r.jobId(), r.test());
        }
        metrics.openJobs(open.size());
        if (caughtUp && !replayed) {
            replayed = true;
            targetsChanged = true;
            // A failure that was answered by taking over again is over once leading works again.
            problem = null;
            LOG.info("Results replayed; {} jobs still open (e.g. {}); publishing starts", open.size(),
                    open.sampleIds(3));
            refreshStatus();
        }
        tick();
    }

    private void onTargets(TargetSet next) {
        targets = next;
        targetsChanged = true;
        if (role == Role.LEADING && replayed) {
            cadence.targetsChanged();
            tick();
        }
        refreshStatus();
    }

    /** SKIPPED stand-ins for open jobs whose source agent is no longer a target; they leave {@code open}. */
    private List<MeasurementResult> orphanedJobs(Instant now) {
        if (!targetsChanged) {
            return List.of();
        }
        targetsChanged = false;
        Set<String> present = targets.agents().stream().map(Agent::id).collect(Collectors.toSet());
        List<OpenJobs.Open> orphaned = open.fromSources(id -> !present.contains(id));
        List<MeasurementResult> skipped = new ArrayList<>();
        orphaned.forEach(o -> skipped.addAll(StandIns.sourceLeft(o, now)));
        open.remove(orphaned);
        if (!orphaned.isEmpty()) {
            LOG.info("{} open jobs lost their source agent (e.g. {}); writing {} SKIPPED results", orphaned.size(),
                    orphaned.get(0).job().getJobId(), skipped.size());
        }
        return skipped;
    }

    private void tick() {
        if (role != Role.LEADING || !replayed) {
            return;
        }
        Instant now = clock.instant();
        List<MeasurementResult> skipped = orphanedJobs(now);
        List<OpenJobs.Open> expired = open.expired(now, resultGrace);
        List<MeasurementResult> timeouts = new ArrayList<>();
        expired.forEach(o -> timeouts.addAll(StandIns.timeouts(o, now)));
        open.remove(expired);
        List<MeasurementResult> standIns = new ArrayList<>(skipped);
        standIns.addAll(timeouts);
        cadence.runningSlot().flatMap(s -> cadence.checkSlot(now, open.openInSlot(s.number())))
                .ifPresent(end -> {
                    metrics.slotEnded(end);
                    LOG.info("Bandwidth slot {} over after {} ms ({})", end.slot(), end.ranFor().toMillis(),
                            end.answered() ? "all results in" : "deadline passed");
                });
        List<PlannedJob> planned = new ArrayList<>();
        BandwidthSlot newSlot = cadence.slotDue(now) ? planSlot(now) : null;
        if (newSlot != null) {
            planned.addAll(newSlot.jobs());
            cadence.slotPublished(newSlot.slot(), newSlot.slotCount(), newSlot.deadline(), newSlot.pauseAfter(), now);
        }
        LatencyPlan newRound = null;
        if (cadence.roundDue(now)) {
            BusyWindows busy = newSlot != null ? newSlot.busyWindows()
                    : slot != null && cadence.runningSlot().isPresent() ? slot.busyWindows() : BusyWindows.none();
            newRound = latencyPlanner.planRound(targets, cadence.nextRound(), now, busy);
            planned.addAll(newRound.jobs());
            cadence.roundPublished(newRound.round(), now);
        }
        if (!standIns.isEmpty() || newSlot != null || newRound != null) {
            List<MeasurementJob> jobs = planned.stream().map(j -> mapper.toMeasurementJob(j, now)).toList();
            jobs.forEach(open::add);
            if (!publish(jobs, standIns, now)) {
                return;
            }
            metrics.timeouts(timeouts.size());
            metrics.skipped(skipped.size());
            afterPublish(newSlot, newRound, jobs.size(), timeouts.size());
        }
        scheduleTick(now);
    }

    private BandwidthSlot planSlot(Instant now) {
        SlotId next = cadence.nextSlot();
        if (schedule == null || schedule.cycle() != next.cycle()) {
            schedule = bandwidthPlanner.schedule(targets, next.cycle());
        }
        if (next.index() >= schedule.slotCount() && next.index() > 0) {
            // The cycle's roster shrank since it started (or since a take-over recomputed it).
            next = new SlotId(next.cycle() + 1, 0);
            schedule = bandwidthPlanner.schedule(targets, next.cycle());
        }
        if (schedule.slotCount() == 0) {
            cadence.noSlotPossible(now);
            schedule = null;
            return null;
        }
        return schedule.planSlot(targets, next.index(), now);
    }

    private void afterPublish(BandwidthSlot newSlot, LatencyPlan newRound, int jobs, int timeouts) {
        if (newSlot != null) {
            slot = newSlot;
            LOG.info("Published bandwidth slot {} ({} of {}): {} jobs, deadline {}", newSlot.slot(),
                    newSlot.slot().index() + 1, newSlot.slotCount(), newSlot.jobs().size(), newSlot.deadline());
        }
        if (newRound != null) {
            round = newRound;
            coverage.membership(targets.measurableNodes());
            coverage.record(newRound);
            metrics.round(newRound.round());
            metrics.coverage(coverage.pairsCovered(), coverage.pairsTotal(), newRound.roundsToFullCoverage());
            LOG.info("Published latency round {}: {} jobs over {} pairs", newRound.round(), newRound.jobs().size(),
                    newRound.pairsPlanned());
        }
        if (timeouts > 0) {
            LOG.info("Wrote {} TIMEOUT results for tests without an answer", timeouts);
        }
        LOG.debug("Batch of {} jobs and {} stand-ins committed", jobs, timeouts);
        refreshStatus();
    }

    /** Publishes one batch with the checkpoint of the current state; false (and stepped down) on failure. */
    private boolean publish(List<MeasurementJob> jobs, List<MeasurementResult> results, Instant now) {
        Checkpoint checkpoint = cadence.checkpoint(cluster, open.oldestIssuedAt().orElse(now), replicaId, now);
        try {
            publisher.publish(new PublishBatch(jobs, results, checkpoint));
            metrics.published(jobs);
            metrics.openJobs(open.size());
            return true;
        } catch (PublisherFencedException e) {
            LOG.warn("Another replica took over cluster {}; this one stops publishing", cluster);
            stepDown("fenced");
            return false;
        } catch (PublishException e) {
            metrics.publishFailed();
            LOG.error("Publishing failed; taking over again from the topics in {}", RETRY, e);
            stepDown("publishing failed");
            thread.schedule(safely(this::takeOver), RETRY.toMillis(), TimeUnit.MILLISECONDS);
            return false;
        }
    }

    private void scheduleTick(Instant now) {
        Instant wake = cadence.wakeAt(now);
        Instant expiry = open.earliestDeadline().map(d -> d.plus(resultGrace)).orElse(wake);
        if (expiry.isBefore(wake)) {
            wake = expiry;
        }
        if (timer != null) {
            timer.cancel(false);
        }
        long delay = Math.max(0, Duration.between(clock.instant(), wake).toMillis()) + 1;
        timer = thread.schedule(safely(this::tick), delay, TimeUnit.MILLISECONDS);
    }

    private void stepDown(String why) {
        if (role != Role.FOLLOWING) {
            LOG.info("Replica {} stops leading cluster {}: {}", replicaId, cluster, why);
        }
        epoch++;
        release();
        refreshStatus();
    }

    private void release() {
        role = Role.FOLLOWING;
        metrics.leader(false);
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (feed != null) {
            feed.close();
            feed = null;
        }
        if (publisher != null) {
            publisher.close();
            publisher = null;
        }
        open = new OpenJobs();
        metrics.openJobs(0);
    }

    private void refreshStatus() {
        metrics.targets(targets.measurableNodes().size());
        boolean leading = role == Role.LEADING && cadence != null;
        StatusView.Round roundView = leading && round != null
                ? new StatusView.Round(round.round(), round.roundStart(), round.jobs().size(), round.pairsPlanned(),
                        round.roundsToFullCoverage(), round.zoneRoundsToCoverage())
                : null;
        StatusView.Slot slotView = leading && slot != null
                ? new StatusView.Slot(slot.slot().cycle(), slot.slot().index(), slot.slotCount(), slot.startAt(),
                        slot.deadline(), slot.jobs().size(), cadence.runningSlot().isPresent(),
                        open.openInSlot(slot.slot().number()))
                : null;
        Role shown = role == Role.LEADING && !replayed ? Role.TAKING_OVER : role;
        status.update(new StatusView.Snapshot(cluster, replicaId, shown.name(), targets, roundView, slotView,
                open.size(), coverage.pairsCovered(), coverage.pairsTotal(), coverage.roundsSinceChange(),
                clock.instant()));
    }
}
