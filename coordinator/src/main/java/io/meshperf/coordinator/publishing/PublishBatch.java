package io.meshperf.coordinator.publishing;

import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.MeasurementResult;
import java.util.List;
import java.util.Objects;

/**
 * What one publishing step writes, all or nothing: jobs, stand-in results and the checkpoint that
 * describes the state after them.
 */
public record PublishBatch(List<MeasurementJob> jobs, List<MeasurementResult> results, Checkpoint checkpoint) {

    public PublishBatch {
        jobs = List.copyOf(jobs);
        results = List.copyOf(results);
        Objects.requireNonNull(checkpoint, "checkpoint");
    }
}
