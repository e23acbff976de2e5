package io.meshperf.agent.bench;

import io.meshperf.agent.netns.NamespacedProcess;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.OptionalInt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs client/server pairs on a {@link BenchSite} and collects their figures: for every run a fresh
 * server (waited for until it listens), one client invocation running all the tests, then both
 * stopped by PID. Runs alternate the order of the pairs (forward, then backward) so that a machine
 * warming up or getting busier does not favour one pair. Blocks the calling thread throughout.
 */
final class BenchRunner {

    static final List<String> ALL_TESTS = List.of("tcp_bw", "tcp_lat", "udp_bw", "udp_lat");

    private static final Logger LOG = LoggerFactory.getLogger(BenchRunner.class);
    private static final Duration SERVER_START = Duration.ofSeconds(30);
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final int seconds;
    private final PrintWriter progress;

    /** A runner whose tests each last {@code seconds}, reporting progress lines to {@code progress}. */
    BenchRunner(int seconds, PrintWriter progress) {
        this.seconds = seconds;
        this.progress = progress;
    }

    /** Runs each of {@code pairs} {@code repeat} times with {@code tests} and returns the figures. */
    Measurements run(BenchSite site, List<Pair> pairs, List<String> tests, int repeat) throws InterruptedException {
        Measurements measurements = new Measurements();
        for (int round = 0; round < repeat; round++) {
            List<Pair> order = new ArrayList<>(pairs);
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (Pair pair : order) {
                long start = System.nanoTime();
                String outcome = runOnce(site, pair, tests, measurements);
                progress.printf(Locale.ROOT, "  %s, round %d/%d, %s: %s (%.1f s)%n", site.description(), round + 1,
                        repeat, pair.label(), outcome, (System.nanoTime() - start) / 1e9);
                progress.flush();
            }
        }
        return measurements;
    }

    private String runOnce(BenchSite site, Pair pair, List<String> tests, Measurements into)
            throws InterruptedException {
        int port = site.serverPort();
        NamespacedProcess server = site.startServer(pair.server().label() + "-server",
                pair.server().serverCommand(port));
        NamespacedProcess client = null;
        try {
            String notListening = awaitListening(site, server, port);
            if (notListening != null) {
                into.fail(pair, notListening);
                return "FAILED: " + notListening;
            }
            client = site.startClient(pair.client().label() + "-client",
                    pair.client().clientCommand(site.serverHost(), port, seconds, tests));
            Duration timeout = Duration.ofSeconds((long) tests.size() * (seconds + 10) + 30);
            OptionalInt exit = client.waitFor(timeout);
            if (exit.isEmpty()) {
                into.fail(pair, "client did not finish within " + timeout);
                return "FAILED: client timed out";
            }
            List<QperfReport> reports = QperfOutputParser.parse(client.stdout());
            into.add(pair, tests, reports);
            if (exit.getAsInt() != 0) {
                String why = "client exited " + exit.getAsInt() + ": " + tail(client.stderr() + " " + client.stdout());
                into.fail(pair, why);
                return "FAILED: " + why;
            }
            return "ok";
        } finally {
            if (client != null) {
                client.stop(STOP_GRACE);
            }
            server.stop(STOP_GRACE);
            LOG.debug("{} server output: {} {}", pair.server().label(), server.stdout(), server.stderr());
        }
    }

    /** Polls until the server listens; returns null then, or why it never did. */
    private static String awaitListening(BenchSite site, NamespacedProcess server, int port)
            throws InterruptedException {
        long deadline = System.nanoTime() + SERVER_START.toNanos();
        while (System.nanoTime() < deadline) {
            if (site.serverListening(port)) {
                return null;
            }
            if (!server.isAlive()) {
                return "server exited before listening: " + tail(server.stderr() + " " + server.stdout());
            }
            Thread.sleep(50);
        }
        return "server not listening on port " + port + " after " + SERVER_START;
    }

    private static String tail(String text) {
        String flat = text.strip().replace('\n', ' ');
        return flat.length() <= 300 ? flat : "..." + flat.substring(flat.length() - 300);
    }
}
