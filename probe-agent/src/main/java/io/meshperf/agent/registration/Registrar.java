package io.meshperf.agent.registration;

/**
 * Announces the agent on the agents topic: registration and heartbeats, and a tombstone when it stops
 * cleanly. Methods block (up to the Kafka timeout) and must not run on an event loop; thread-safe.
 */
public interface Registrar extends AutoCloseable {

    /** Publishes the agent's current registration; returns once the broker has it. */
    void heartbeat() throws RegistrationException;

    /** Publishes the tombstone; afterwards {@link #heartbeat()} does nothing. */
    void deregister() throws RegistrationException;

    /** Whether the last heartbeat reached the broker (false before the first and after deregistering). */
    boolean registered();

    @Override
    void close();
}
