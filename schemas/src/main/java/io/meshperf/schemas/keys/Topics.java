package io.meshperf.schemas.keys;

/** Default topic names; deployments may override them in each component's configuration. */
public final class Topics {

    /** {@code MeasurementJob} keyed by source agent id; short retention. */
    public static final String JOBS = "meshperf.jobs";
    /** {@code MeasurementResult} keyed by {@link ResultKey}. */
    public static final String RESULTS = "meshperf.results";
    /** {@code AgentInfo} keyed by agent id; compacted, tombstone on clean stop. */
    public static final String AGENTS = "meshperf.agents";
    /** {@code PairAggregate} keyed by {@link AggregateKey}. */
    public static final String AGGREGATES = "meshperf.aggregates";
    /** Undecodable records: original key and bytes, headers say where from and why. */
    public static final String DLQ = "meshperf.dlq";

    private Topics() {
    }
}
