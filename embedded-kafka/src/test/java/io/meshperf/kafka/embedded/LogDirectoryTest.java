package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogDirectoryTest {

    @Test
    void missingDirectoryIsCreated(@TempDir Path dir) {
        LogDirectory logDir = LogDirectory.given(dir.resolve("a/b"));

        logDir.ensureWritable();

        assertThat(dir.resolve("a/b")).isDirectory().isEmptyDirectory();
    }

    @Test
    void aFileInThePathFailsNamingTheDirectory(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "x");

        assertThatThrownBy(() -> LogDirectory.given(file.resolve("kafka")).ensureWritable())
                .isInstanceOf(EmbeddedKafkaException.class)
                .hasMessageContaining("Kafka log directory " + file.resolve("kafka") + " is not writable");
    }

    @Test
    void temporaryDirectoryIsDeletedWithItsContent() throws IOException {
        LogDirectory logDir = LogDirectory.temporary();
        Files.createDirectories(logDir.path().resolve("topic-0"));
        Files.writeString(logDir.path().resolve("topic-0/00000000000000000000.log"), "data");

        logDir.deleteIfOwned();

        assertThat(logDir.path()).doesNotExist();
    }

    @Test
    void callersDirectoryIsKept(@TempDir Path dir) {
        LogDirectory logDir = LogDirectory.given(dir);

        logDir.deleteIfOwned();

        assertThat(dir).isDirectory();
        assertThat(logDir.owned()).isFalse();
    }
}
