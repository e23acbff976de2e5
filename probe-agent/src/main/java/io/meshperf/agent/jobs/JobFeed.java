package io.meshperf.agent.jobs;

import java.util.OptionalLong;

/**
 * Where the agent's jobs come from: reads its own records, in order, and offers them as {@link Work}
 * to the measurement thread. Runs its own thread; {@link #stop()} makes it stop taking records.
 */
public interface JobFeed extends AutoCloseable {

    /** Starts reading on the feed's own thread; returns at once. */
    void start();

    /** Whether the feed has its partition assigned and positioned (part of readiness). */
    boolean consuming();

    /** Records in the partition after the next one the agent will commit, when known. */
    OptionalLong lag();

    /** Stops taking records; returns when the feed's thread has ended (bounded by the poll time). */
    void stop();

    @Override
    void close();
}
