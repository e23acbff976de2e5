package io.meshperf.agent.engine;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** The stock qperf binary as a subprocess: a server on a free loopback port, or one client run. */
public final class StockQperf implements AutoCloseable {

    public static final String BINARY = "/usr/bin/qperf";
    private final Process process;
    private final int port;

    private StockQperf(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    public static boolean available() {
        return Files.isExecutable(Path.of(BINARY));
    }

    /** A free TCP port that is also free for UDP right now (the stock server binds only TCP). */
    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Starts {@code qperf -lp PORT} and waits until it accepts. */
    public static StockQperf server() throws IOException {
        int port = freePort();
        Process p = new ProcessBuilder(BINARY, "-lp", Integer.toString(port)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        StockQperf q = new StockQperf(p, port);
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                // An idle connect takes the stock server's only slot; closing it frees the server at once.
                return true;
            } catch (IOException e) {
                return false;
            }
        });
        return q;
    }

    public int port() {
        return port;
    }

    /** The result of one stock client run. */
    public record Run(int exit, String stdout, String stderr) {
    }

    /** Runs the stock client with {@code args}; kills it (by its own PID) after {@code timeoutSec}. */
    public static Run client(int timeoutSec, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(BINARY);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("qperf-out", ".txt");
        Path err = Files.createTempFile("qperf-err", ".txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        try {
            if (!p.waitFor(timeoutSec, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor();
                throw new IllegalStateException("stock qperf " + args + " did not finish in " + timeoutSec + " s");
            }
            return new Run(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(5, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor();
        }
    }
}
