package io.meshperf.agent.netns;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs commands with {@link ProcessBuilder}: an argument list, never a shell string, so no
 * argument is ever interpreted. Standard output and error are drained on two short-lived threads
 * so that a chatty command cannot fill a pipe and stall. Blocks the caller until the command exits;
 * a command still running after the timeout is killed (by its own PID) and reported as failed.
 */
public final class ProcessCommandRunner implements CommandRunner {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessCommandRunner.class);

    private final Duration timeout;

    /** A runner that gives every command at most {@code timeout} to finish. */
    public ProcessCommandRunner(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    /** A runner with a 30 s timeout: far longer than any ip, iptables or tc call needs. */
    public ProcessCommandRunner() {
        this(Duration.ofSeconds(30));
    }

    @Override
    public CommandResult run(List<String> command, String stdin) {
        LOG.debug("run {}", command);
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new CommandFailedException(command, "cannot start: " + e.getMessage(), e);
        }
        Drain out = new Drain(process.getInputStream(), "cmd-stdout-" + process.pid());
        Drain err = new Drain(process.getErrorStream(), "cmd-stderr-" + process.pid());
        try {
            writeStdin(process, stdin);
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
                throw new CommandFailedException(command, "no exit within " + timeout
                        + "; killed PID " + process.pid(), null);
            }
            return new CommandResult(command, process.exitValue(), out.text(), err.text());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new CommandFailedException(command, "interrupted", e);
        }
    }

    private static void writeStdin(Process process, String stdin) {
        try (OutputStream in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // The command may exit before reading its input (for example on a usage error);
            // its exit status and stderr then say what went wrong, so this is only context.
            LOG.debug("could not write all of stdin to PID {}: {}", process.pid(), e.getMessage());
        }
    }

    /** Reads one stream to its end on its own thread. */
    private static final class Drain {
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        private final Thread thread;
        private volatile IOException failure;

        Drain(InputStream stream, String name) {
            thread = new Thread(() -> {
                try (stream) {
                    stream.transferTo(buffer);
                } catch (IOException e) {
                    failure = e;
                }
            }, name);
            thread.setDaemon(true);
            thread.start();
        }

        String text() throws InterruptedException {
            thread.join(TimeUnit.SECONDS.toMillis(5));
            if (failure != null) {
                throw new UncheckedIOException("reading command output", failure);
            }
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
