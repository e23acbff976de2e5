package io.meshperf.agent.engine.server;

/** A session ends early; the text goes to the client through qperf's error path. */
final class SessionFailure extends Exception {

    private static final long serialVersionUID = 1L;

    SessionFailure(String text) {
        super(text);
    }
}
