package io.meshperf.agent.engine;

/** Texts a meshperf server sends through the error path, shared with the client that classifies them. */
public final class ServerMessages {

    /** Prefix of every refusal caused by a server limit or policy. */
    public static final String REFUSED_PREFIX = "refused: ";
    /** What a meshperf client reports when a SINGLE_FLOW test meets a stock qperf server. */
    public static final String NOT_MESHPERF = "peer is not meshperf; SINGLE_FLOW needs a meshperf server";

    private ServerMessages() {
    }
}
