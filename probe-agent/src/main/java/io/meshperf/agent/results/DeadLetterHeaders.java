package io.meshperf.agent.results;

/** Header names of a record on the dead-letter topic; values are UTF-8 text. */
public final class DeadLetterHeaders {

    /** Topic the record was read from. */
    public static final String SOURCE_TOPIC = "meshperf.dlq.source.topic";
    /** Its partition, in decimal. */
    public static final String SOURCE_PARTITION = "meshperf.dlq.source.partition";
    /** Its offset, in decimal. */
    public static final String SOURCE_OFFSET = "meshperf.dlq.source.offset";
    /** Why it was rejected. */
    public static final String REASON = "meshperf.dlq.reason";

    private DeadLetterHeaders() {
    }
}
