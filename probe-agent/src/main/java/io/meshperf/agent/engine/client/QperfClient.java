package io.meshperf.agent.engine.client;

import io.meshperf.agent.engine.HostInfo;
import io.meshperf.agent.engine.TestFailure;
import io.meshperf.agent.engine.Watchdog;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.Figures;
import io.meshperf.agent.engine.wire.Conf;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.ProtocolMode;
import io.meshperf.schemas.Status;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one qperf test against one peer and returns its result; the engine's client entry point.
 * {@link #run} blocks the calling thread (use a dedicated measurement thread) for the test's time
 * plus its control exchanges, each bounded by the control timeout. Failures come back as results
 * with a status and a reason, never as exceptions. Thread-safe: tests may run from several threads.
 */
public final class QperfClient implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(QperfClient.class);

    private final CpuSampler sampler;
    private final Clock clock;
    private final Watchdog watchdog = new Watchdog("meshperf-qperf-client-watchdog");

    public QperfClient(CpuSampler sampler, Clock clock) {
        this.sampler = sampler;
        this.clock = clock;
    }

    public TestOutcome run(TestSpec spec, TestContext ctx) {
        Instant started = clock.instant();
        try {
            return switch (spec.kind()) {
                case CONF -> conf(spec, ctx, started);
                case QUIT -> quit(spec, ctx, started);
                default -> socketTest(spec, ctx, started);
            };
        } catch (TestFailure f) {
            LOG.debug("job {} {} to {}:{} failed: {} {}", ctx.jobId(), spec.kind().qperfName(), spec.host(),
                    spec.port(), f.status(), f.getMessage());
            return new TestOutcome(ResultBuilder.failure(spec, ctx, started, clock.instant(), f.status(),
                    f.fromPeer() ? "server: " + f.getMessage() : f.getMessage()), null, null, null, null, null,
                    f.fromPeer());
        }
    }

    private TestOutcome conf(TestSpec spec, TestContext ctx, Instant started) throws TestFailure {
        Map.Entry<Conf, Map<String, String>> remote = new QperfModeClient(sampler, watchdog).conf(spec);
        Conf local = HostInfo.local();
        MeasurementResult r = ResultBuilder.conf(spec, ctx, started, clock.instant(), local, remote.getKey(),
                remote.getValue());
        return new TestOutcome(r, null, null, null, local, remote.getKey(), false);
    }

    private TestOutcome quit(TestSpec spec, TestContext ctx, Instant started) throws TestFailure {
        new QperfModeClient(sampler, watchdog).quit(spec);
        return new TestOutcome(ResultBuilder.base(spec, ctx, started, clock.instant()).build(), null, null, null,
                null, null, false);
    }

    private TestOutcome socketTest(TestSpec spec, TestContext ctx, Instant started) throws TestFailure {
        if (!spec.kind().isSocketTest()) {
            throw new IllegalArgumentException("not a socket test: " + spec.kind());
        }
        if (spec.timeSec() == 0) {
            throw new TestFailure(Status.ERROR, "time 0 would make an endless test; give a duration");
        }
        RawRun run;
        if (spec.mode() == ProtocolMode.SINGLE_FLOW) {
            run = spec.kind().isTcp() ? new SingleFlowTcpClient(sampler, watchdog).run(spec)
                    : new SingleFlowUdpClient(sampler, watchdog).run(spec);
        } else {
            run = new QperfModeClient(sampler, watchdog).run(spec);
        }
        Figures f = Figures.compute(run.local(), run.remote());
        MeasurementResult r = ResultBuilder.figures(spec, ctx, started, clock.instant(), run, f);
        LOG.debug("job {} {} to {}:{} served by {}: {}", ctx.jobId(), spec.kind().qperfName(), spec.host(),
                spec.port(), r.getServedBy(), r.getStatus());
        return new TestOutcome(r, run.local(), run.remote(), f, null, null, false);
    }



    @Override
    public void close() {
        watchdog.close();
    }
}
