package io.meshperf.coordinator.publishing;

/** A publishing step failed and wrote nothing visible; the message says what and where. */
public class PublishException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
