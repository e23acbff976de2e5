package io.meshperf.agent.service;

import io.meshperf.agent.jobs.JobFixtures;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.schemas.MeasurementJob;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.AgentId;
import io.meshperf.schemas.keys.Topics;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Measures the agent's footprint as its own JVM: resident memory and CPU while idle (serving,
 * heartbeating, polling for jobs) and while it runs a job of all four tests against a second agent.
 * A benchmark, not a test: it prints figures. JVM flags of the measured agent come from the
 * arguments (default: the small-footprint flags documented in SERVICE.md).
 *
 * <pre>
 * MALLOC_ARENA_MAX=2 java -cp "$CP" io.meshperf.agent.service.AgentFootprint [idleSeconds] [jvm flags...]
 * </pre>
 * (the agent JVM inherits the environment; see SERVICE.md for building {@code $CP}).
 */
public final class AgentFootprint {

    /** The flags SERVICE.md recommends for a small agent. */
    static final List<String> SMALL = List.of("-Xmx64m", "-Xms8m", "-XX:MinHeapFreeRatio=10", "-XX:MaxHeapFreeRatio=20",
            "-Xss256k", "-XX:+UseSerialGC", "-XX:MaxMetaspaceSize=96m", "-XX:ReservedCodeCacheSize=32m",
            "-XX:MaxDirectMemorySize=32m", "-Dio.netty.allocator.type=unpooled", "-Dio.netty.noPreferDirect=true");
    private static final long TICKS_PER_SECOND = 100;

    private AgentFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int idleSeconds = args.length > 0 ? Integer.parseInt(args[0]) : 60;
        List<String> jvm = args.length > 1 ? Arrays.asList(args).subList(1, args.length) : SMALL;
        AgentId a = AgentId.host("lab", "footprint-a");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            AgentHarness.createTopics(broker);
            String bootstrap = broker.bootstrapServers();
            AgentService target = AgentHarness.start(bootstrap, AgentId.host("lab", "footprint-b"), Map.of());
            int httpPort;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                httpPort = s.getLocalPort();
            }
            List<String> cmd = new ArrayList<>();
            cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            cmd.addAll(jvm);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), "io.meshperf.agent.Main",
                    "--cluster", a.cluster(), "--node", a.node(), "--kafka-bootstrap-servers", bootstrap,
                    "--qperf-port", "0", "--http-port", Integer.toString(httpPort)));
            Process agent = new ProcessBuilder(cmd).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "agent-footprint.log").toFile()))
                    .start();
            try (AgentHarness.TopicReader results = new AgentHarness.TopicReader(bootstrap, Topics.RESULTS)) {
                long pid = agent.pid();
                Instant t0 = Instant.now();
                while (!ready(httpPort)) {
                    if (!agent.isAlive()) {
                        throw new IllegalStateException("agent exited with " + agent.exitValue()
                                + "; see target/agent-footprint.log");
                    }
                    Thread.sleep(200);
                }
                System.out.printf("agent pid %d ready in %d ms; flags %s%n", pid,
                        Duration.between(t0, Instant.now()).toMillis(), jvm);
                Thread.sleep(15_000);
                long cpu0 = cpuTicks(pid);
                long n0 = System.nanoTime();
                Thread.sleep(idleSeconds * 1000L);
                double idleCpu = percent(cpuTicks(pid) - cpu0, System.nanoTime() - n0);
                long idleRss = rssKb(pid);
                System.out.printf("idle %d s: RSS %d MB, CPU %.2f%% of one core%n", idleSeconds, idleRss / 1024,
                        idleCpu);

                MeasurementJob job = JobFixtures.job("footprint-1", a, "127.0.0.1", target.qperfPort(),
                        JobFixtures.ALL_TESTS, Instant.now(), Duration.ofMinutes(5)).setDurationMs(5000).build();
                long cpu1 = cpuTicks(pid);
                long n1 = System.nanoTime();
                long peakRss = 0;
                AgentHarness.publishJob(bootstrap, a.toString(), Codecs.MEASUREMENT_JOB.encode(job));
                while (results.results("footprint-1").size() < 4) {
                    peakRss = Math.max(peakRss, rssKb(pid));
                    Thread.sleep(100);
                }
                System.out.printf("job of 4 x 5 s tests: peak RSS %d MB, CPU %.1f%% of one core over %.1f s%n",
                        peakRss / 1024, percent(cpuTicks(pid) - cpu1, System.nanoTime() - n1),
                        (System.nanoTime() - n1) / 1e9);
                results.results("footprint-1").forEach(r -> System.out.printf("  %s %s bw=%s lat=%s%n", r.getTest(),
                        r.getStatus(), r.getBwBytesPerSec() != null ? r.getBwBytesPerSec() : r.getRecvBwBytesPerSec(),
                        r.getLatencyNs()));
            } finally {
                agent.destroy();
                agent.waitFor();
                target.stop();
            }
        }
    }

    private static boolean ready(int port) throws InterruptedException {
        try {
            return AgentHarness.get(port, "/readyz").statusCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    /** utime + stime of a process, in clock ticks (fields 14 and 15 of /proc/PID/stat). */
    static long cpuTicks(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]);
    }

    static long rssKb(long pid) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        return -1;
    }

    private static double percent(long ticks, long nanos) {
        return 100.0 * ticks / TICKS_PER_SECOND / (nanos / 1e9);
    }
}
