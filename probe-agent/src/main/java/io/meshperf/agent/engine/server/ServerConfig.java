package io.meshperf.agent.engine.server;

import io.meshperf.agent.engine.ServerIdentity;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.wire.Conf;
import java.util.Objects;

/**
 * Settings of one {@link QperfServer}. Immutable; checked when built.
 *
 * @param port             TCP listen port, and the UDP port of SINGLE_FLOW udp tests (0 = ephemeral,
 *                         the UDP socket then takes the same number as the TCP one)
 * @param requestTimeoutSec control timeout until a request is decoded (qperf's -lto, default 5)
 * @param agentMode        refuse quit (a measured node must not be stopped by a peer)
 * @param maxSessions      concurrent sessions (TCP connections and UDP flows) before refusing
 * @param maxTimeSec       longest test accepted; also refuses time 0 (qperf's endless test)
 * @param maxMsgSize       largest message size accepted, bytes
 * @param maxTimeoutSec    the control timeout a request may ask for is capped here
 * @param identity         how the server names itself to meshperf clients
 * @param conf             what the conf test answers
 * @param sampler          CPU snapshots
 */
public record ServerConfig(int port, int requestTimeoutSec, boolean agentMode, int maxSessions, int maxTimeSec,
                           int maxMsgSize, int maxTimeoutSec, ServerIdentity identity, Conf conf,
                           CpuSampler sampler) {

    public static final int DEFAULT_PORT = 19765;

    public ServerConfig {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("listen port must be 0..65535, got " + port);
        }
        positive("request timeout (s)", requestTimeoutSec);
        positive("max sessions", maxSessions);
        positive("max test time (s)", maxTimeSec);
        positive("max message size (bytes)", maxMsgSize);
        positive("max control timeout (s)", maxTimeoutSec);
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(conf, "conf");
        Objects.requireNonNull(sampler, "sampler");
    }

    /**
     * Limits for a server others may use freely: the drop-in {@code qperf} server (quit honoured) or
     * an agent (quit refused).
     */
    public static ServerConfig of(int port, int requestTimeoutSec, boolean agentMode, ServerIdentity identity,
                                  Conf conf, CpuSampler sampler) {
        return agentMode
                ? new ServerConfig(port, requestTimeoutSec, true, 8, 60, 1 << 20, 30, identity, conf, sampler)
                : new ServerConfig(port, requestTimeoutSec, false, 32, 3600, 64 << 20, 300, identity, conf, sampler);
    }

    public ServerConfig withLimits(int sessions, int timeSec, int msgSize, int timeoutSec) {
        return new ServerConfig(port, requestTimeoutSec, agentMode, sessions, timeSec, msgSize, timeoutSec, identity,
                conf, sampler);
    }

    private static void positive(String what, int v) {
        if (v <= 0) {
            throw new IllegalArgumentException(what + " must be positive, got " + v);
        }
    }
}
