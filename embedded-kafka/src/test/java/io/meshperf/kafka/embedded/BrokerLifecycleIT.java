package io.meshperf.kafka.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start, stop and close: ports, log directories and the errors a user sees. */
class BrokerLifecycleIT {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();

    @Test
    void stopFreesThePortAndStartTakesItAgain() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            int port = broker.port();
            assertThat(canBind(port)).as("port %d while running", port).isFalse();

            broker.stop();

            assertThat(broker.isRunning()).isFalse();
            assertThat(canBind(port)).as("port %d after stop", port).isTrue();
            broker.start();
            assertThat(broker.port()).isEqualTo(port);
            assertThat(canBind(port)).as("port %d after the second start", port).isFalse();
        }
    }

    @Test
    void portInUseFailsWithAMessageNamingIt() throws IOException {
        try (ServerSocket occupant = new ServerSocket(0, 50, LOOPBACK);
                EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().port(occupant.getLocalPort()).build()) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("client port " + occupant.getLocalPort() + " on 127.0.0.1 is already in use");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    @Test
    void unwritableLogDirFailsWithAMessageNamingIt(@TempDir Path dir) throws IOException {
        // A regular file where a directory should be: unwritable even for root.
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "x");
        Path logDir = blocker.resolve("kafka");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().logDir(logDir).build()) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("Kafka log directory " + logDir + " is not writable");
        }
    }

    @Test
    void closeDeletesTheTemporaryLogDirButKeepsTheCallersOne(@TempDir Path callers) {
        EmbeddedKafkaBroker temporary = EmbeddedKafkaBroker.builder().build();
        EmbeddedKafkaBroker given = EmbeddedKafkaBroker.builder().logDir(callers).build();
        try {
            temporary.start();
            given.start();
        } finally {
            temporary.close();
            given.close();
        }

        assertThat(temporary.logDir()).doesNotExist();
        assertThat(callers.resolve("meta.properties")).exists();
    }

    @Test
    void startThatIsNotReadyInTimeFailsAndLeavesTheBrokerStopped() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().startTimeout(Duration.ofMillis(1)).build()) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("was not ready within 1 ms");
            assertThat(broker.isRunning()).isFalse();
            assertThat(canBind(broker.port())).as("port %d after the failed start", broker.port()).isTrue();
        }
    }

    @Test
    void aClosedBrokerCannotStartAgain() {
        EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build();
        broker.close();

        assertThatThrownBy(broker::start).isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThatCode(broker::close).doesNotThrowAnyException();
    }

    @Test
    void badBrokerPropertyFailsStartNamingIt() {
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .brokerProperty("num.partitions", "many").build()) {
            assertThatThrownBy(broker::start)
                    .isInstanceOf(EmbeddedKafkaException.class)
                    .hasMessageContaining("invalid Kafka broker configuration")
                    .hasMessageContaining("num.partitions");
            assertThat(broker.isRunning()).isFalse();
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(LOOPBACK, port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
