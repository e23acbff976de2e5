package io.meshperf.agent.netns;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A long-running process started in a namespace with {@code ip netns exec} (or, by
 * {@link #startHere}, in the caller's own namespace). Because {@code ip}
 * execs the command, {@link #pid()} is the command's own PID, and {@link #stop(Duration)} stops it
 * (and any children it forked, such as qperf's per-test children) by PID: SIGTERM first, SIGKILL
 * after the grace period. Standard output and error are captured line by line on two daemon
 * threads; each keeps at most {@value #MAX_LINES} lines (older lines are dropped and counted).
 *
 * <p>Thread-safe. {@link #stop} and {@link #waitFor} block the caller.
 */
public final class NamespacedProcess implements AutoCloseable {

    static final int MAX_LINES = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(NamespacedProcess.class);

    private final String label;
    private final List<String> command;
    private final Process process;
    private final Capture stdout;
    private final Capture stderr;

    NamespacedProcess(String label, List<String> command, Process process) {
        this.label = label;
        this.command = List.copyOf(command);
        this.process = process;
        this.stdout = new Capture(process.getInputStream(), label + "-out-" + process.pid());
        this.stderr = new Capture(process.getErrorStream(), label + "-err-" + process.pid());
    }

    /**
     * Starts {@code command} in the caller's own namespace, with the same capture and PID-based
     * stopping as a process started in a namespace; the caller must stop it.
     *
     * @throws CommandFailedException if it cannot be started
     */
    public static NamespacedProcess startHere(String label, List<String> command) {
        try {
            return new NamespacedProcess(label, command, new ProcessBuilder(command).start());
        } catch (IOException e) {
            throw new CommandFailedException(command, "cannot start: " + e.getMessage(), e);
        }
    }

    /** The name this process was given when started, used in logs. */
    public String label() {
        return label;
    }

    /** The full command line, starting with {@code ip netns exec NS}. */
    public List<String> command() {
        return command;
    }

    /** The command's own PID. */
    public long pid() {
        return process.pid();
    }

    /** True while the process runs. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** The lines written to standard output so far. */
    public List<String> stdoutLines() {
        return stdout.lines();
    }

    /** The lines written to standard error so far. */
    public List<String> stderrLines() {
        return stderr.lines();
    }

    /** Standard output so far, joined with newlines. */
    public String stdout() {
        return String.join("\n", stdout.lines());
    }

    /** Standard error so far, joined with newlines. */
    public String stderr() {
        return String.join("\n", stderr.lines());
    }

    /**
     * Waits up to {@code timeout} for the process to exit on its own, then for its output to be
     * fully read. Blocks.
     *
     * @return its exit status, or empty if it is still running
     * @throws InterruptedException if the calling thread is interrupted
     */
    public OptionalInt waitFor(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return OptionalInt.empty();
        }
        stdout.join();
        stderr.join();
        return OptionalInt.of(process.exitValue());
    }

    /**
     * Stops the process and the children it forked, by their PIDs: SIGTERM, then after
     * {@code grace} SIGKILL to whatever is still alive. Blocks until they are gone (or, for
     * children that are not ours to reap, until they were sent SIGKILL). Idempotent.
     */
    public void stop(Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        List<ProcessHandle> children = process.descendants().toList();
        LOG.debug("stopping {} PID {} and {} children", label, process.pid(), children.size());
        children.forEach(ProcessHandle::destroy);
        process.destroy();
        long deadline = System.nanoTime() + grace.toNanos();
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("{} PID {} ignored SIGTERM for {}; sending SIGKILL", label, process.pid(), grace);
                process.destroyForcibly();
                process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS);
            }
            for (ProcessHandle child : children) {
                long left = Math.max(0, deadline - System.nanoTime());
                if (child.isAlive()) {
                    child.onExit().get(left, TimeUnit.NANOSECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            children.forEach(ProcessHandle::destroyForcibly);
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            children.stream().filter(ProcessHandle::isAlive).forEach(child -> {
                LOG.warn("{} child PID {} still alive after {}; sending SIGKILL", label, child.pid(), grace);
                child.destroyForcibly();
            });
        }
    }

    /** Stops the process with a 5 s grace period. */
    @Override
    public void close() {
        stop(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return label + "[PID " + process.pid() + "]";
    }

    /** Reads one stream line by line on its own daemon thread. */
    private static final class Capture {
        private final Deque<String> lines = new ArrayDeque<>();
        private final Thread thread;
        private long dropped;

        Capture(InputStream stream, String name) {
            thread = new Thread(() -> read(stream), name);
            thread.setDaemon(true);
            thread.start();
        }

        private void read(InputStream stream) {
            try (BufferedReader reader = new BufferedReader(
                    new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                    add(line);
                }
            } catch (IOException e) {
                // The stream closes under the reader when the process is killed; what was read is kept.
                LOG.debug("output capture {} ended: {}", Thread.currentThread().getName(), e.getMessage());
            }
        }

        private synchronized void add(String line) {
            if (lines.size() == MAX_LINES) {
                lines.removeFirst();
                dropped++;
            }
            lines.add(line);
        }

        synchronized List<String> lines() {
            if (dropped == 0) {
                return List.copyOf(lines);
            }
            List<String> copy = new ArrayList<>(lines.size() + 1);
            copy.add("[" + dropped + " earlier lines dropped]");
            copy.addAll(lines);
            return List.copyOf(copy);
        }

        void join() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
    }
}
