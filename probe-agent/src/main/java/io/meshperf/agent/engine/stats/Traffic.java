package io.meshperf.agent.engine.stats;

/** One direction's counters of one side: bytes, messages and errors (qperf's s and r triples). */
public record Traffic(long bytes, long msgs, long errs) {

    public static final Traffic ZERO = new Traffic(0, 0, 0);
}
