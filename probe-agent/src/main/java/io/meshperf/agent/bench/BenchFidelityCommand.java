package io.meshperf.agent.bench;

import io.meshperf.agent.netns.HostSupport;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code bench-fidelity}: measures the same paths with stock qperf and with meshperf, in every
 * client/server combination, and prints the figures side by side with the ratio meshperf/qperf
 * marked against the fidelity targets (bandwidth at least 0.95 of qperf's, latency at most 1.10).
 * Then checks tcp_bw through a tbf-shaped veth against the configured rate. Both programs run as
 * subprocesses and are stopped by PID; namespaces are removed on exit, including Ctrl-C.
 *
 * <p>Exit status: 0 when every target was met, 1 when a target was missed, 2 when a run failed.
 * Runs on the calling thread and blocks for the whole benchmark.
 */
@Command(name = "bench-fidelity", mixinStandardHelpOptions = true,
        description = {"Compare meshperf's qperf engine with stock qperf on loopback and over a veth "
                + "between two network namespaces, and check tcp_bw through a tbf-shaped veth.",
            "Exit status: 0 all targets met, 1 a target missed, 2 a run failed."})
public final class BenchFidelityCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @Option(names = "--duration", paramLabel = "SECONDS", defaultValue = "2",
            description = "Length of each test, in whole seconds (qperf -t). Default: ${DEFAULT-VALUE}.")
    private int durationSeconds;

    @Option(names = "--repeat", paramLabel = "N", defaultValue = "3",
            description = "Runs per pair; the median is reported. Default: ${DEFAULT-VALUE}.")
    private int repeat;

    @Option(names = "--namespaces", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Also measure over a veth between two network namespaces (needs root). "
                    + "Default: ${DEFAULT-VALUE}.")
    private boolean namespaces;

    @Option(names = "--shape-rate", paramLabel = "RATE", defaultValue = "200mbit",
            description = "tc rate for the shaped tcp_bw check (tc notation, e.g. 200mbit). Default: ${DEFAULT-VALUE}.")
    private String shapeRate;

    /** Runs the benchmark as its own program, outside the agent's main command. */
    public static void main(String[] args) {
        CommandLine commandLine = new CommandLine(new BenchFidelityCommand());
        // A run stopped by Ctrl-C or a broken environment ends with one line, not a stack trace.
        commandLine.setExecutionExceptionHandler((e, cl, parsed) -> {
            cl.getErr().println("bench-fidelity: stopped: " + e.getMessage());
            return 2;
        });
        System.exit(commandLine.execute(args));
    }

    @Override
    public Integer call() throws InterruptedException {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        validate();
        TcRate rate = TcRate.parse(shapeRate);
        out.printf(Locale.ROOT, "bench-fidelity: %d s per test, median of %d runs per pair, %d CPUs, load %.2f%n",
                durationSeconds, repeat, Runtime.getRuntime().availableProcessors(), loadAverage());
        out.println("Client and server share this machine: figures move with everything else it runs. "
                + "Compare columns of one run, not runs.");
        out.flush();
        BenchRunner runner = new BenchRunner(durationSeconds, err);
        List<Pair> pairs = List.of(Pair.values());
        int missed = 0;
        int failed = 0;

        try (LoopbackSite loopback = new LoopbackSite()) {
            Measurements m = runner.run(loopback, pairs, BenchRunner.ALL_TESTS, repeat);
            missed += print(out, loopback.description(), m);
            failed += m.failures().size();
        }
        String unsupported = HostSupport.missing().orElse(null);
        if (!namespaces) {
            out.println("\nnamespaces: skipped (--no-namespaces)");
        } else if (unsupported != null) {
            out.println("\nnamespaces: skipped, " + unsupported + "; the veth and shaped checks need root");
        } else {
            try (NamespaceSite veth = NamespaceSite.create(null)) {
                Measurements m = runner.run(veth, pairs, BenchRunner.ALL_TESTS, repeat);
                missed += print(out, veth.description(), m);
                failed += m.failures().size();
            }
            try (NamespaceSite shaped = NamespaceSite.create(rate)) {
                List<Pair> shapedPairs = List.of(Pair.QPERF_TO_QPERF, Pair.MESHPERF_TO_MESHPERF);
                Measurements m = runner.run(shaped, shapedPairs, List.of("tcp_bw"), repeat);
                missed += printShaped(out, shaped.description(), rate, shapedPairs, m);
                failed += m.failures().size();
            }
        }
        out.printf(Locale.ROOT, "%nresult: %d target(s) missed, %d run(s) failed%n", missed, failed);
        out.flush();
        return failed > 0 ? 2 : missed > 0 ? 1 : 0;
    }

    private void validate() {
        if (durationSeconds < 1 || durationSeconds > 3600) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--duration must be 1 to 3600 seconds, was " + durationSeconds);
        }
        if (repeat < 1 || repeat > 100) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--repeat must be 1 to 100, was " + repeat);
        }
        try {
            TcRate.parse(shapeRate);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--shape-rate: " + e.getMessage(), e,
                    null, shapeRate);
        }
    }

    private static int print(PrintWriter out, String path, Measurements m) {
        FidelityTable.Rendered table = FidelityTable.render("\n" + path + ": median per pair (client->server), "
                + "ratio to qperf->qperf", m);
        out.print(table.text());
        m.failures().forEach(f -> out.println("  failed run: " + f));
        out.printf(Locale.ROOT, "  %d of %d targets met%n", table.checked() - table.missed(), table.checked());
        out.flush();
        return table.missed();
    }

    private static int printShaped(PrintWriter out, String path, TcRate rate, List<Pair> pairs, Measurements m) {
        out.printf(Locale.ROOT, "%n%s%n  tcp_bw against the shaped rate R = %s = %.2f MB/s "
                + "(TCP payload at most %.2f MB/s, since tbf counts whole frames); target within 10%% of R%n",
                path, rate.text(), rate.bytesPerSecond() / 1e6, rate.tcpPayloadBytesPerSecond() / 1e6);
        int missed = 0;
        for (Pair pair : pairs) {
            OptionalDouble bw = m.median(pair, Metric.TCP_BW);
            if (bw.isEmpty()) {
                out.printf(Locale.ROOT, "  %-20s n/a  MISS%n", pair.label());
                missed++;
                continue;
            }
            double ofRate = bw.getAsDouble() / rate.bytesPerSecond();
            boolean met = Math.abs(ofRate - 1) <= 0.10;
            missed += met ? 0 : 1;
            out.printf(Locale.ROOT, "  %-20s %8.2f MB/s  %.3f of R  %s%n", pair.label(), bw.getAsDouble() / 1e6,
                    ofRate, met ? "ok" : "MISS");
        }
        m.failures().forEach(f -> out.println("  failed run: " + f));
        out.flush();
        return missed;
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }
}
