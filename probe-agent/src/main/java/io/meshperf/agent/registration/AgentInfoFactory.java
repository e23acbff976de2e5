package io.meshperf.agent.registration;

import io.meshperf.agent.config.AgentConfig;
import io.meshperf.agent.config.AgentSettings;
import io.meshperf.agent.engine.EngineVersion;
import io.meshperf.schemas.AgentInfo;
import java.time.Instant;
import java.util.List;

/** Builds the agent's {@link AgentInfo} from its configuration and the ports it really bound. Pure. */
public final class AgentInfoFactory {

    /** What this agent's server offers beyond stock qperf. */
    public static final List<String> CAPABILITIES = List.of("single-flow", "identity");

    private final AgentConfig config;
    private final int qperfPort;
    private final int httpPort;
    private final Instant startedAt;

    public AgentInfoFactory(AgentConfig config, int qperfPort, int httpPort, Instant startedAt) {
        this.config = config;
        this.qperfPort = qperfPort;
        this.httpPort = httpPort;
        this.startedAt = startedAt;
    }

    /** The registration as of {@code now}. */
    public AgentInfo at(Instant now) {
        return AgentInfo.newBuilder()
                .setAgentId(config.agentId().toString())
                .setCluster(config.agentId().cluster())
                .setNode(config.agentId().node())
                .setZone(config.get(AgentSettings.ZONE))
                .setRegion(config.get(AgentSettings.REGION))
                .setPod(config.get(AgentSettings.POD))
                .setPodIp(config.get(AgentSettings.POD_IP))
                .setNodeIp(config.get(AgentSettings.NODE_IP))
                .setNetwork(config.agentId().network())
                .setQperfPort(qperfPort)
                .setHttpPort(httpPort)
                .setVersion(EngineVersion.get())
                .setCapabilities(CAPABILITIES)
                .setStartedAt(startedAt)
                .setLastHeartbeat(now)
                .build();
    }
}
