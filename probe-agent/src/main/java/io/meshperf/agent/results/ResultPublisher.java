package io.meshperf.agent.results;

/**
 * Makes a {@link ResultBatch} durable: its results and dead letters are written and its offset is
 * committed, atomically. Called from the measurement thread (or, once, from the stopping thread for
 * an abandoned job), never concurrently; blocks until the batch is durable.
 */
public interface ResultPublisher extends AutoCloseable {

    /**
     * Writes {@code batch}, retrying transient broker failures until it is durable.
     *
     * @throws PublishException if it gave up (the publisher was stopped, or it was fenced by another
     *                          instance with the same agent id); then nothing of the batch is visible
     */
    void publish(ResultBatch batch) throws PublishException;

    /** Makes {@link #publish} give up at its next retry instead of retrying forever. Any thread. */
    void stopRetrying();

    @Override
    void close();
}
