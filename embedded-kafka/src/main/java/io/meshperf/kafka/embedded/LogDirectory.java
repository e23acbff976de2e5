package io.meshperf.kafka.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Map;
import java.util.Properties;

import kafka.tools.StorageTool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The broker's log directory: checked before each start, formatted for KRaft once, deleted on
 * close when the broker created it. All methods block on file I/O and run on the caller's thread.
 */
final class LogDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(LogDirectory.class);

    private final Path path;
    private final boolean owned;

    private LogDirectory(Path path, boolean owned) {
        this.path = path;
        this.owned = owned;
    }

    /** The caller's directory; it is kept on close. */
    static LogDirectory given(Path path) {
        return new LogDirectory(path.toAbsolutePath().normalize(), false);
    }

    /** A fresh temporary directory, deleted on close. */
    static LogDirectory temporary() {
        try {
            return new LogDirectory(Files.createTempDirectory("embedded-kafka-"), true);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot create a temporary Kafka log directory in "
                    + System.getProperty("java.io.tmpdir"), e);
        }
    }

    Path path() {
        return path;
    }

    boolean owned() {
        return owned;
    }

    /**
     * Creates the directory if needed and proves it writable by writing a file into it: as root,
     * {@code Files.isWritable} says yes even on a read-only mount.
     *
     * @throws EmbeddedKafkaException naming the directory when it cannot be created or written
     */
    void ensureWritable() {
        try {
            Files.createDirectories(path);
            Path probe = Files.createTempFile(path, ".write-check", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new EmbeddedKafkaException("Kafka log directory " + path + " is not writable: " + e, e);
        }
    }

    /**
     * Formats the directory for KRaft with Kafka's own StorageTool, unless it is formatted already
     * (a restart, or a directory the caller kept from an earlier run).
     *
     * @throws EmbeddedKafkaException with StorageTool's output when formatting fails
     */
    void formatIfNeeded(Map<String, String> serverProperties, String clusterId) {
        if (Files.exists(path.resolve("meta.properties"))) {
            LOG.debug("Kafka log directory {} is already formatted", path);
            return;
        }
        Path configFile = writeConfigFile(serverProperties);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            String[] args = {"format", "--cluster-id", clusterId, "--config", configFile.toString(),
                "--ignore-formatted"};
            int exitCode = StorageTool.execute(args, out);
            if (exitCode != 0) {
                throw new EmbeddedKafkaException("formatting Kafka log directory " + path
                        + " failed with exit code " + exitCode + ": " + output.toString(StandardCharsets.UTF_8).trim());
            }
        } catch (RuntimeException e) {
            if (e instanceof EmbeddedKafkaException) {
                throw e;
            }
            // StorageTool reports bad input by throwing (TerseFailure) rather than by exit code.
            throw new EmbeddedKafkaException("formatting Kafka log directory " + path + " failed: "
                    + e.getMessage() + " " + output.toString(StandardCharsets.UTF_8).trim(), e);
        } finally {
            deleteQuietlyLogged(configFile);
        }
        LOG.debug("Formatted Kafka log directory {} for cluster {}", path, clusterId);
    }

    /** Deletes the directory tree if the broker created it; a caller's directory is kept. */
    void deleteIfOwned() {
        if (!owned) {
            return;
        }
        try {
            deleteTree(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete temporary Kafka log directory " + path, e);
        }
    }

    private static Path writeConfigFile(Map<String, String> serverProperties) {
        Properties props = new Properties();
        props.putAll(serverProperties);
        try {
            Path file = Files.createTempFile("embedded-kafka-", ".properties");
            try (OutputStream out = Files.newOutputStream(file)) {
                props.store(out, "generated for kafka.tools.StorageTool format");
            }
            return file;
        } catch (IOException e) {
            throw new EmbeddedKafkaException("cannot write the temporary broker config for StorageTool", e);
        }
    }

    private static void deleteQuietlyLogged(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Formatting already succeeded or failed on its own; a stray temp file is not worth failing for.
            LOG.warn("Cannot delete temporary broker config {}: {}", file, e.toString());
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) throws IOException {
                if (exc instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw exc;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException exc) throws IOException {
                if (exc != null) {
                    throw exc;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
