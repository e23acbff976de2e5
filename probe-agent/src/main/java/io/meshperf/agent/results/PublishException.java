package io.meshperf.agent.results;

/**
 * A batch could not be made durable and the publisher gave up; none of it is visible to readers of
 * committed data, and its offset is not committed, so the jobs run again after a restart.
 */
public final class PublishException extends Exception {

    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
