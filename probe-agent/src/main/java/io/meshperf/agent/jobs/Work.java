package io.meshperf.agent.jobs;

import io.meshperf.agent.results.DeadLetter;
import io.meshperf.schemas.MeasurementJob;
import java.util.Objects;

/**
 * One record of the agent's jobs partition, as the poll loop hands it to the measurement thread, in
 * partition order. Every kind carries its offset, so the measurement thread knows what to commit.
 */
public sealed interface Work {

    /** The record's offset in the jobs partition. */
    long offset();

    /** A job for this agent. */
    record Job(MeasurementJob job, long offset) implements Work {
        public Job {
            Objects.requireNonNull(job, "job");
        }
    }

    /** A record keyed for another agent that shares the partition: passed over, only its offset counts. */
    record Foreign(long offset) implements Work {
    }

    /** A record for this agent that could not be decoded: moved to the dead-letter topic. */
    record Undecodable(DeadLetter letter) implements Work {
        public Undecodable {
            Objects.requireNonNull(letter, "letter");
        }

        @Override
        public long offset() {
            return letter.offset();
        }
    }
}
