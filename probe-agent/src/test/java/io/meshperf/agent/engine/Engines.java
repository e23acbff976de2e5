package io.meshperf.agent.engine;

import io.meshperf.agent.engine.client.QperfClient;
import io.meshperf.agent.engine.client.TestContext;
import io.meshperf.agent.engine.client.TestOutcome;
import io.meshperf.agent.engine.client.TestSpec;
import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.engine.server.ServerConfig;
import io.meshperf.agent.engine.stats.ProcStatSampler;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import java.io.IOException;
import java.time.Clock;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Shared set-up for the integration tests: our server, our client, and parsing qperf's output. */
public final class Engines {

    public static final ProcStatSampler SAMPLER = new ProcStatSampler();
    public static final ServerIdentity IDENTITY = new ServerIdentity("lab/node-a/agent", "node-a", "meshperf/agent-a");

    private Engines() {
    }

    public static QperfServer server(boolean agentMode) throws IOException {
        return new QperfServer(ServerConfig.of(0, 5, agentMode, IDENTITY, HostInfo.local(), SAMPLER)).start();
    }

    public static QperfServer server(ServerConfig config) throws IOException {
        return new QperfServer(config).start();
    }

    public static ServerConfig config(boolean agentMode) {
        return ServerConfig.of(0, 5, agentMode, IDENTITY, HostInfo.local(), SAMPLER);
    }

    public static QperfClient client() {
        return new QperfClient(SAMPLER, Clock.systemUTC());
    }

    public static TestContext context(String host, int port) {
        AgentRef source = AgentRef.newBuilder().setAgentId("lab/test/client").setCluster("lab").setNode("test")
                .setNetwork(Network.HOST).build();
        Endpoint target = Endpoint.newBuilder().setKind(EndpointKind.NODE).setHost(host).setPort(port).build();
        return new TestContext("job-1", "lab", Path.NODE_TO_NODE, source, target);
    }

    public static TestOutcome run(QperfClient c, TestKind kind, String host, int port, ProtocolMode mode) {
        TestSpec spec = TestSpec.builder(kind, host).port(port).timeSec(1).timeoutSec(3).waitServerSec(2).mode(mode)
                .build();
        return c.run(spec, context(host, port));
    }

    /** Threads of our servers still alive whose names start with {@code prefix}. */
    public static long threads(String prefix) {
        Thread[] all = new Thread[Thread.activeCount() * 2 + 16];
        int n = Thread.enumerate(all);
        return Arrays.stream(all, 0, n).filter(t -> t.getName().startsWith(prefix)).count();
    }

    /** A figure from qperf's printed table, converted to its base unit (bytes/s, seconds, 1/s). */
    public static double figure(String output, String name) {
        Matcher m = Pattern.compile("^\\s+" + name + "\\s+=\\s+([0-9.,]+) (\\S+)", Pattern.MULTILINE).matcher(output);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in:\n" + output);
        }
        double v = Double.parseDouble(m.group(1).replace(",", ""));
        String unit = m.group(2);
        return switch (unit) {
            case "bytes/sec", "/sec", "sec" -> v;
            case "KB/sec", "K/sec" -> v * 1e3;
            case "MB/sec", "M/sec" -> v * 1e6;
            case "GB/sec", "G/sec" -> v * 1e9;
            case "ns" -> v * 1e-9;
            case "us" -> v * 1e-6;
            case "ms" -> v * 1e-3;
            default -> throw new AssertionError("unit " + unit + " of " + name);
        };
    }
}
