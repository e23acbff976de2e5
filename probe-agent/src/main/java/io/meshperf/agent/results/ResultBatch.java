package io.meshperf.agent.results;

import io.meshperf.schemas.MeasurementResult;
import java.util.List;
import java.util.Objects;

/**
 * What finishing one or more job records produces, written together: the results of a job, records
 * moved to the dead-letter topic, and the jobs partition offset to commit with them (the offset of
 * the next record to read). Either all of it becomes visible or none of it does.
 *
 * @param jobsPartition the partition of the jobs topic the offset belongs to
 */
public record ResultBatch(List<MeasurementResult> results, List<DeadLetter> deadLetters, int jobsPartition,
                          long nextOffset) {

    public ResultBatch {
        results = List.copyOf(results);
        deadLetters = List.copyOf(deadLetters);
        if (nextOffset < 0) {
            throw new IllegalArgumentException("next offset must be >= 0, got " + nextOffset);
        }
    }

    /** Only an offset to commit (records of other agents were passed over). */
    public static ResultBatch offsetOnly(int jobsPartition, long nextOffset) {
        return new ResultBatch(List.of(), List.of(), jobsPartition, nextOffset);
    }

    /** A job's results. */
    public static ResultBatch of(List<MeasurementResult> results, int jobsPartition, long nextOffset) {
        return new ResultBatch(Objects.requireNonNull(results, "results"), List.of(), jobsPartition, nextOffset);
    }
}
