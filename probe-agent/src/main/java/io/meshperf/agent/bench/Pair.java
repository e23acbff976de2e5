package io.meshperf.agent.bench;

/** A client and a server program: the baseline (stock to stock) and the three pairs involving meshperf. */
public enum Pair {
    QPERF_TO_QPERF(Implementation.QPERF, Implementation.QPERF),
    MESHPERF_TO_MESHPERF(Implementation.MESHPERF, Implementation.MESHPERF),
    QPERF_TO_MESHPERF(Implementation.QPERF, Implementation.MESHPERF),
    MESHPERF_TO_QPERF(Implementation.MESHPERF, Implementation.QPERF);

    private final Implementation client;
    private final Implementation server;

    Pair(Implementation client, Implementation server) {
        this.client = client;
        this.server = server;
    }

    public Implementation client() {
        return client;
    }

    public Implementation server() {
        return server;
    }

    /** True for the stock-to-stock pair that every other pair is compared with. */
    public boolean isBaseline() {
        return this == QPERF_TO_QPERF;
    }

    /** E.g. {@code meshperf->qperf}: client first. */
    public String label() {
        return client.label() + "->" + server.label();
    }
}
