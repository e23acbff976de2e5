package io.meshperf.agent.jobs;

import io.meshperf.agent.results.DeadLetter;
import io.meshperf.schemas.MeasurementResult;
import java.util.List;

/**
 * Told what the measurement thread does, for the status page and metrics. Called on the measurement
 * thread (or the stopping thread for an abandoned job); implementations must be quick and not block.
 */
public interface JobListener {

    /** A job was taken and is about to run. */
    void jobStarted(JobRun run);

    /** A job's results are durable (written and its offset committed). */
    void resultsPublished(List<MeasurementResult> results);

    /** An undecodable record was moved to the dead-letter topic. */
    void deadLettered(DeadLetter letter);

    /** The job in flight ended (its results published, abandoned, or left for a restart). */
    void jobEnded(JobRun run);
}
