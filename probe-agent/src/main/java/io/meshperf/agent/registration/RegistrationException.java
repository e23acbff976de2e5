package io.meshperf.agent.registration;

/** A registration, heartbeat or tombstone did not reach the broker in time. */
public final class RegistrationException extends Exception {

    private static final long serialVersionUID = 1L;

    public RegistrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
