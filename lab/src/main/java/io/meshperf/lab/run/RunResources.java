package io.meshperf.lab.run;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a run started, closed newest first exactly once: on return, on failure, or from a JVM
 * shutdown hook on Ctrl-C (which also waits for a close already under way, so the JVM cannot halt
 * halfway). Owns a temporary directory (agent logs, the aggregation's stores), deleted last unless
 * {@link #keep()} was called.
 * Thread-safe: the run's thread adds, either thread closes. A resource that fails to close is logged
 * and the others are still closed.
 */
final class RunResources implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RunResources.class);

    private final Deque<AutoCloseable> resources = new ArrayDeque<>();
    private final Path dir;
    private final Thread hook;
    private boolean closed;
    private boolean keep;

    private RunResources(Path dir) {
        this.dir = dir;
        this.hook = new Thread(this::closeQuietly, "meshperf-lab-run-cleanup");
    }

    /** Creates the temporary directory and installs the shutdown hook. */
    static RunResources open() throws IOException {
        RunResources resources = new RunResources(Files.createTempDirectory("meshperf-lab-run"));
        Runtime.getRuntime().addShutdownHook(resources.hook);
        return resources;
    }

    /** Registers {@code resource} to be closed with the run; returns it. */
    synchronized <T extends AutoCloseable> T add(T resource) {
        if (closed) {
            throw new IllegalStateException("the run is shutting down");
        }
        resources.push(resource);
        return resource;
    }

    /** A new directory under the run's temporary directory. */
    Path dir(String name) throws IOException {
        return Files.createDirectories(dir.resolve(name));
    }

    /** Keeps the temporary directory (the agents' logs) after the run, for a diagnosis; returns where it is. */
    synchronized Path keep() {
        keep = true;
        return dir;
    }

    @Override
    public void close() {
        closeQuietly();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            LOG.debug("JVM already shutting down; the hook closes the run");
        }
    }

    private synchronized void closeQuietly() {
        if (closed) {
            return;
        }
        closed = true;
        while (!resources.isEmpty()) {
            AutoCloseable resource = resources.pop();
            try {
                resource.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                LOG.warn("interrupted while closing {}; closing the rest", resource.getClass().getSimpleName());
            } catch (Exception e) {
                LOG.warn("closing {} failed; closing the rest", resource.getClass().getSimpleName(), e);
            }
        }
        if (keep) {
            LOG.info("the run's logs stay in {}", dir);
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            LOG.warn("could not remove the run's directory {}", dir, e);
        }
    }
}
