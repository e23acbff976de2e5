package io.meshperf.lab.run;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The run's bounded wait: polls the coordinator's summary every two seconds until every path and
 * test has its results ({@link RunReport#missing}) or the patience runs out, and reports a progress
 * line whenever what is missing changes. A summary that cannot be read yet (the aggregation answers
 * 503 until Kafka Streams runs) counts as nothing arrived. Blocks the calling thread.
 */
final class RunWait {

    private static final Logger LOG = LoggerFactory.getLogger(RunWait.class);
    /** The aggregation window the run reads: one day, so that a run's results fall in one window. */
    static final Duration WINDOW = Duration.ofDays(1);
    static final Duration POLL = Duration.ofSeconds(2);

    /** Reads the summary; may fail while the coordinator starts. */
    interface SummarySource {
        JsonObject read() throws IOException, InterruptedException;
    }

    /**
     * What the wait ended with.
     *
     * @param summary the last summary read (no rows if none could be read)
     * @param missing what was still missing; empty when complete
     */
    record Outcome(JsonObject summary, Set<String> missing) {
    }

    private final SummarySource source;
    private final int nodes;
    private final int rounds;
    private final boolean withService;
    private final Clock clock;

    RunWait(SummarySource source, int nodes, int rounds, boolean withService) {
        this(source, nodes, rounds, withService, Clock.systemUTC());
    }

    RunWait(SummarySource source, int nodes, int rounds, boolean withService, Clock clock) {
        this.source = source;
        this.nodes = nodes;
        this.rounds = rounds;
        this.withService = withService;
        this.clock = clock;
    }

    /** Polls until complete or {@code patience} has passed; {@code progress} gets one line per change. */
    Outcome await(Duration patience, Consumer<String> progress) throws InterruptedException {
        Instant start = clock.instant();
        Instant deadline = start.plus(patience);
        JsonObject summary = new JsonObject().put("rows", new JsonArray());
        Set<String> missing = new RunReport(summary).missing(nodes, rounds, withService);
        Set<String> reported = null;
        while (true) {
            try {
                summary = source.read();
                missing = new RunReport(summary).missing(nodes, rounds, withService);
            } catch (IOException notYet) {
                LOG.debug("summary not readable yet: {}", notYet.getMessage());
            }
            if (!missing.equals(reported)) {
                long seconds = Duration.between(start, clock.instant()).toSeconds();
                progress.accept(missing.isEmpty() ? String.format("%3d s: every path and test has its results", seconds)
                        : String.format("%3d s: waiting for %d of %d path/test figures: %s", seconds, missing.size(),
                                (withService ? 3 : 2) * RunReport.TESTS.size(), String.join(", ", missing)));
                reported = missing;
            }
            if (missing.isEmpty() || !clock.instant().isBefore(deadline)) {
                return new Outcome(summary, missing);
            }
            Thread.sleep(POLL.toMillis());
        }
    }
}
