package io.meshperf.schemas.kafka;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroSerializer} for {@link AgentInfo}, to name in Kafka configuration by class. Thread-safe. */
public final class AgentInfoSerializer extends AvroSerializer<AgentInfo> {

    /** Uses the shared {@link Codecs#AGENT_INFO}. */
    public AgentInfoSerializer() {
        super(Codecs.AGENT_INFO);
    }
}
