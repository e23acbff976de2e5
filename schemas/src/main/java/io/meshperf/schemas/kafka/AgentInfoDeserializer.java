package io.meshperf.schemas.kafka;

import io.meshperf.schemas.AgentInfo;
import io.meshperf.schemas.codec.Codecs;

/** {@link AvroDeserializer} for {@link AgentInfo}, to name in Kafka configuration by class. Thread-safe. */
public final class AgentInfoDeserializer extends AvroDeserializer<AgentInfo> {

    /** Uses the shared {@link Codecs#AGENT_INFO}, which reads every kept version. */
    public AgentInfoDeserializer() {
        super(Codecs.AGENT_INFO);
    }
}
