package io.meshperf.agent.service;

import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.agent.http.StatusSource;
import io.meshperf.agent.jobs.JobListener;
import io.meshperf.agent.jobs.JobRun;
import io.meshperf.agent.results.DeadLetter;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the agent knows about itself for its HTTP endpoints: identity, readiness conditions, the job
 * in flight and the last results. Fed by the measurement thread through {@link JobListener}, read on
 * the event loop; synchronized, every method quick.
 */
final class AgentStatus implements StatusSource, JobListener {

    private static final int LAST_RESULTS = 20;

    private final AgentConfig config;
    private final Instant startedAt;
    private final Supplier<String> scrape;
    private final Deque<MeasurementResult> last = new ArrayDeque<>();
    private AgentMetrics metrics;
    private BooleanSupplier serving = () -> false;
    private BooleanSupplier registered = () -> false;
    private BooleanSupplier consuming = () -> false;
    private Supplier<Optional<String>> problems = Optional::empty;
    private JobRun current;
    private int qperfPort;
    private int httpPort;
    private long published;
    private long deadLettered;

    AgentStatus(AgentConfig config, Instant startedAt, Supplier<String> scrape) {
        this.config = config;
        this.startedAt = startedAt;
        this.scrape = scrape;
    }

    /** Connects the running parts once they exist. */
    synchronized void attach(AgentMetrics metrics, BooleanSupplier serving, BooleanSupplier registered,
                             BooleanSupplier consuming, Supplier<Optional<String>> problems, int qperfPort) {
        this.metrics = metrics;
        this.serving = serving;
        this.registered = registered;
        this.consuming = consuming;
        this.problems = problems;
        this.qperfPort = qperfPort;
    }

    synchronized void httpPort(int port) {
        this.httpPort = port;
    }

    @Override
    public synchronized Optional<String> problem() {
        return problems.get();
    }

    @Override
    public synchronized Map<String, Boolean> readiness() {
        Map<String, Boolean> m = new LinkedHashMap<>();
        m.put("serving", serving.getAsBoolean());
        m.put("registered", registered.getAsBoolean());
        m.put("consuming", consuming.getAsBoolean());
        return m;
    }

    @Override
    public synchronized JsonObject status() {
        JsonObject identity = new JsonObject()
                .put("agentId", config.agentId().toString())
                .put("cluster", config.agentId().cluster())
                .put("node", config.agentId().node())
                .put("network", config.agentId().network().name())
                .put("pod", config.get(AgentSettings.POD))
                .put("zone", config.get(AgentSettings.ZONE))
                .put("podIp", config.get(AgentSettings.POD_IP))
                .put("nodeIp", config.get(AgentSettings.NODE_IP))
                .put("qperfPort", qperfPort)
                .put("httpPort", httpPort)
                .put("version", EngineVersion.get())
                .put("startedAt", startedAt.toString());
        JsonArray results = new JsonArray();
        last.descendingIterator().forEachRemaining(r -> results.add(result(r)));
        JsonObject ready = new JsonObject();
        readiness().forEach(ready::put);
        return new JsonObject()
                .put("identity", identity)
                .put("ready", ready)
                .put("problem", problem().orElse(null))
                .put("currentJob", current == null ? null : job(current))
                .put("resultsPublished", published)
                .put("deadLettered", deadLettered)
                .put("lastResults", results);
    }

    private static JsonObject job(JobRun run) {
        MeasurementJob j = run.job();
        return new JsonObject()
                .put("jobId", j.getJobId())
                .put("path", j.getPath().name())
                .put("target", j.getTarget().getHost() + ":" + j.getTarget().getPort())
                .put("tests", new JsonArray(j.getTests().stream().map(Enum::name).toList()))
                .put("currentTest", run.currentTest().map(Enum::name).orElse(null))
                .put("deadline", j.getDeadline().toString());
    }

    private static JsonObject result(MeasurementResult r) {
        return new JsonObject()
                .put("jobId", r.getJobId())
                .put("path", r.getPath().name())
                .put("test", r.getTest().name())
                .put("status", r.getStatus().name())
                .put("reason", r.getReason())
                .put("target", r.getTarget().getHost() + ":" + r.getTarget().getPort())
                .put("startedAt", r.getStartedAt().toString())
                .put("endedAt", r.getEndedAt().toString())
                .put("bwBytesPerSec", r.getBwBytesPerSec())
                .put("latencyNs", r.getLatencyNs())
                .put("msgRatePerSec", r.getMsgRatePerSec())
                .put("udpLossRatio", r.getUdpLossRatio())
                .put("concurrentSessions", r.getConcurrentSessions());
    }

    @Override
    public String scrape() {
        return scrape.get();
    }

    @Override
    public synchronized void jobStarted(JobRun run) {
        current = run;
    }

    @Override
    public synchronized void resultsPublished(List<MeasurementResult> results) {
        for (MeasurementResult r : results) {
            published++;
            last.addLast(r);
            if (last.size() > LAST_RESULTS) {
                last.removeFirst();
            }
            if (metrics != null) {
                metrics.published(r);
            }
        }
    }

    @Override
    public synchronized void deadLettered(DeadLetter letter) {
        deadLettered++;
        if (metrics != null) {
            metrics.deadLettered();
        }
    }

    @Override
    public synchronized void jobEnded(JobRun run) {
        if (current == run) {
            current = null;
        }
    }
}
