package io.meshperf.coordinator.publishing;

/**
 * Writes the coordinator's output: jobs to {@code meshperf.jobs}, stand-in results to
 * {@code meshperf.results}, and the planning checkpoint, as one atomic step per batch.
 *
 * <p>Exactly one publisher per cluster may write at a time. {@link #open()} claims that right and
 * fences out any earlier holder (a replica that lost leadership but does not know it yet), whose
 * next {@link #publish} then fails with {@link PublisherFencedException} instead of writing.
 *
 * <p>Every method blocks its caller (the coordinator thread) until the broker has answered. Not
 * thread-safe: one thread drives it.
 */
public interface JobPublisher extends AutoCloseable {

    /**
     * Claims publishing for the cluster, fencing any earlier publisher, and aborts whatever that one
     * left unfinished. Blocks until done.
     *
     * @throws PublishException when the broker cannot be reached in time
     */
    void open();

    /**
     * Writes the batch atomically: readers that read committed data see all of it or none.
     *
     * @throws PublisherFencedException when another publisher has claimed the cluster since
     *                                  {@link #open()}; nothing of the batch is visible
     * @throws PublishException         when the write failed for another reason; nothing of the
     *                                  batch is visible and the publisher may be used again
     */
    void publish(PublishBatch batch);

    /** Releases the claim and the connection; idempotent. Blocks for at most the Kafka timeout. */
    @Override
    void close();
}
