package io.meshperf.coordinator.planning;

/**
 * One bandwidth match of a slot: the client runs the tests, the server serves them.
 * Both are node names.
 */
public record Pairing(String client, String server) {
}
