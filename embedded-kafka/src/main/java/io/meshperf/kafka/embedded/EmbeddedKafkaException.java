package io.meshperf.kafka.embedded;

/**
 * Thrown when the embedded broker cannot be configured, started, stopped or asked to create
 * topics. The message names the problem (the address and port in use, the log directory that
 * cannot be written, the time waited); the cause, when present, is Kafka's own exception.
 */
public class EmbeddedKafkaException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EmbeddedKafkaException(String message) {
        super(message);
    }

    public EmbeddedKafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
