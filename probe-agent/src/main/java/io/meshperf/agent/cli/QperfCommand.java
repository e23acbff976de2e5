package io.meshperf.agent.cli;

import io.meshperf.agent.engine.HostInfo;
import io.meshperf.agent.engine.ServerIdentity;
import io.meshperf.agent.engine.client.QperfClient;
import io.meshperf.agent.engine.client.TestContext;
import io.meshperf.agent.engine.client.TestOutcome;
import io.meshperf.agent.engine.client.TestSpec;
import io.meshperf.agent.engine.server.QperfServer;
import io.meshperf.agent.engine.server.ServerConfig;
import io.meshperf.agent.engine.stats.CpuSampler;
import io.meshperf.agent.engine.stats.ProcStatSampler;
import io.meshperf.agent.engine.wire.TestKind;
import io.meshperf.schemas.AgentRef;
import io.meshperf.schemas.Endpoint;
import io.meshperf.schemas.EndpointKind;
import io.meshperf.schemas.Network;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.ProtocolMode;
import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code probe-agent qperf}: a drop-in for the qperf 0.4.11 command (client and server) with
 * meshperf's double-dash extensions. Runs on the main thread; the client blocks per test; the server
 * blocks until a client's quit (not in agent mode) or the process is stopped.
 */
@Command(name = "qperf", description = {
    "qperf 0.4.11 compatible client and server. qperf's own options as qperf spells them "
        + "(-lp, -t, -m, -v, -vv ...); with no host or test it serves like qperf.",
    "Exit status: 0 all tests OK, 1 a test failed, 2 bad command line."})
public final class QperfCommand implements Callable<Integer> {

    @Option(names = "--single-flow", description = "Client: run each test on one TCP connection or one UDP flow "
            + "(needs a meshperf server; survives load balancers that pick a backend per connection).")
    boolean singleFlow;

    @Option(names = "--json", description = "Client: print one JSON object per test (MeasurementResult field names) "
            + "instead of qperf's table, and run every test even after a failure.")
    boolean json;

    @Option(names = "--agent-id", description = "Server: agent id to report to meshperf clients.")
    String agentId;

    @Option(names = "--node", description = "Server: node name to report (default: this host's name).")
    String node;

    @Option(names = "--pod", description = "Server: pod name to report.")
    String pod;

    @Option(names = "--agent-mode", description = "Server: refuse quit and apply agent limits "
            + "(8 sessions, 60 s tests, 1 MiB messages).")
    boolean agentMode;

    @Option(names = "--help", usageHelp = true, description = "Show this help (qperf's own options are listed by "
            + "the stock qperf's man page).")
    boolean help;

    @Parameters(description = "qperf arguments: [OPTIONS] HOST TEST... (or server options only)")
    List<String> qperfArgs = new ArrayList<>();

    private final PrintStream out;
    private final PrintStream err;

    public QperfCommand() {
        this(System.out, System.err);
    }

    QperfCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() throws IOException, InterruptedException {
        QperfArgs a;
        try {
            a = QperfArgs.parse(qperfArgs);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        CpuSampler sampler = new ProcStatSampler();
        return a.serverMode() ? serve(a, sampler) : runTests(a, sampler);
    }

    private int serve(QperfArgs a, CpuSampler sampler) throws IOException, InterruptedException {
        ServerIdentity id = new ServerIdentity(agentId, node == null ? HostInfo.nodeName() : node, pod);
        ServerConfig config = ServerConfig.of(a.listenPort, a.locTimeout, agentMode, id, HostInfo.local(), sampler);
        QperfServer server = new QperfServer(config);
        try {
            server.start();
        } catch (IOException e) {
            out.println("unable to bind to listen port: " + e.getMessage());
            return 1;
        }
        Thread hook = new Thread(server::close, "meshperf-qperf-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            server.quitRequested().get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("quit future failed", e);
        }
        server.close();
        Runtime.getRuntime().removeShutdownHook(hook);
        return 0;
    }

    private int runTests(QperfArgs a, CpuSampler sampler) {
        if (a.host == null) {
            err.println("qperf: no host given");
            return 2;
        }
        if (a.tests.isEmpty()) {
            err.println("qperf: no test given; try: qperf --help tests");
            return 2;
        }
        int status = 0;
        try (QperfClient client = new QperfClient(sampler, Clock.systemUTC())) {
            TestContext ctx = context(a);
            Integer previousMsgSize = null;
            for (String test : a.tests) {
                Optional<TestKind> kind = TestKind.byName(test);
                if (!json) {
                    out.println(test + ":");
                }
                if (kind.isEmpty()) {
                    out.println(test + ": bad test; try: qperf --help tests");
                    return 1;
                }
                int msgSize = a.msgSize != null ? a.msgSize
                        : kind.get().isSocketTest() ? kind.get().defaultMsgSize()
                        : previousMsgSize == null ? 0 : previousMsgSize;
                previousMsgSize = msgSize;
                if (!json) {
                    for (String opt : a.unusedOptions) {
                        out.println("warning: " + opt + " set but not used in test " + test);
                    }
                }
                TestOutcome o = client.run(spec(a, kind.get(), msgSize), ctx);
                if (json) {
                    out.println(FlatJson.write(o.result()));
                    status = o.ok() ? status : 1;
                    continue;
                }
                if (!o.ok()) {
                    (o.peerError() ? err : out).println(o.result().getReason());
                    return 1;
                }
                print(a, kind.get(), msgSize, o);
                if (kind.get() == TestKind.QUIT) {
                    return 0;
                }
            }
        }
        return status;
    }

    private void print(QperfArgs a, TestKind kind, int msgSize, TestOutcome o) {
        QperfTable table = new QperfTable(a);
        if (kind == TestKind.CONF) {
            table.conf(o.localConf(), o.remoteConf()).forEach(out::println);
        } else if (kind.isSocketTest()) {
            table.socketTest(kind, o.local(), o.remote(), o.figures(), msgSize).forEach(out::println);
        }
    }

    private TestSpec spec(QperfArgs a, TestKind kind, int msgSize) {
        return TestSpec.builder(kind, a.host)
                .port(a.listenPort)
                .mode(singleFlow ? ProtocolMode.SINGLE_FLOW : ProtocolMode.QPERF)
                .timeSec(a.timeSec)
                .msgSize(msgSize)
                .timeoutSec(Math.max(1, a.remTimeout))
                .waitServerSec(a.waitServer)
                .dataPort(a.dataPort)
                .remoteSockBuf(a.remSockBuf)
                .accessRecv(a.accessRecv)
                .remoteAffinity(a.remAffinity)
                .flip(a.flip)
                .noMsgs(a.noMsgs)
                .build();
    }

    private static TestContext context(QperfArgs a) {
        String host = HostInfo.nodeName();
        AgentRef source = AgentRef.newBuilder().setAgentId("cli/" + host).setCluster("").setNode(host)
                .setNetwork(Network.UNKNOWN).build();
        Endpoint target = Endpoint.newBuilder().setKind(EndpointKind.UNKNOWN).setHost(a.host).setPort(a.listenPort)
                .build();
        return new TestContext("cli-" + UUID.randomUUID(), "", Path.UNKNOWN, source, target);
    }
}
