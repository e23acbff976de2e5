package io.meshperf.kafka.embedded;

import java.net.BindException;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Apache Kafka broker inside this JVM: one KRaft node that is both broker and controller,
 * started from the Kafka server jar, never a mock. Used by integration tests and the one-machine
 * lab.
 *
 * <p>{@link #start()} formats the log directory on first use, starts Kafka and returns only when a
 * produce, consume and commit round trip has worked. {@link #restart()} keeps the log directory,
 * the ports and the cluster id, so data and committed offsets survive it. A port of 0 is replaced
 * by a free one at the first start and then kept.
 *
 * <p>Threads: the lifecycle methods are synchronized and block the calling thread (seconds for a
 * start, about a second for a stop); Kafka runs on its own threads. Failures throw
 * {@link EmbeddedKafkaException} naming the problem: the port in use, the log directory that cannot
 * be written, a readiness wait that timed out. A failed start leaves the broker stopped and
 * startable again.
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    /** Default bound on {@link #start()}: generous for a loaded two-core CI machine. */
    public static final Duration DEFAULT_START_TIMEOUT = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final int MAX_PORT_PICKS = 3;

    private final BrokerSettings settings;
    private final LogDirectory logDirectory;
    private final String clusterId = Uuid.randomUuid().toString();
    // Only this process talks to the controller, so it always listens on loopback.
    private final InetAddress controllerAddress = InetAddress.getLoopbackAddress();

    private int port;
    private int saslPort;
    private int controllerPort;
    private KafkaRaftServer server;
    private boolean closed;
    private StartupTimings lastStartTimings;

    private EmbeddedKafkaBroker(BrokerSettings settings) {
        this.settings = settings;
        this.port = settings.port();
        this.logDirectory = settings.logDir().map(LogDirectory::given).orElseGet(LogDirectory::temporary);
    }

    /** A builder with the defaults: 127.0.0.1, a free port, a temporary log directory. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Starts the broker and blocks until it is ready (a producer and a consumer round trip
     * works). Does nothing if it is already running.
     *
     * @throws EmbeddedKafkaException when a port is in use, the log directory is not writable, a
     *     broker property is invalid, Kafka fails to start or readiness is not reached within the
     *     start timeout; the broker is stopped again in every case
     * @throws IllegalStateException after {@link #close()}
     */
    public synchronized void start() {
        if (closed) {
            throw new IllegalStateException("the embedded Kafka broker is closed; build a new one");
        }
        if (server != null) {
            return;
        }
        long startNanos = System.nanoTime();
        long deadlineNanos = startNanos + settings.startTimeout().toNanos();
        KafkaRaftServer candidate = startServer();
        long startedNanos = System.nanoTime();
        awaitReady(candidate, deadlineNanos);
        long readyNanos = System.nanoTime();

        server = candidate;
        lastStartTimings = new StartupTimings(Duration.ofNanos(startedNanos - startNanos),
                Duration.ofNanos(readyNanos - startedNanos), Duration.ofNanos(readyNanos - startNanos));
        LOG.info("Kafka broker ready on {} in {} ms (server {} ms, round trip {} ms), log dir {}",
                bootstrapServers(), lastStartTimings.toReady().toMillis(),
                lastStartTimings.serverStartup().toMillis(), lastStartTimings.readyRoundTrip().toMillis(),
                logDirectory.path());
    }

    /**
     * Shuts the broker down cleanly and blocks until its threads are gone and its ports are free.
     * The log directory and ports are kept for a later {@link #start()}. Does nothing if stopped.
     *
     * @throws EmbeddedKafkaException when Kafka's shutdown fails; the broker counts as stopped
     */
    public synchronized void stop() {
        if (server == null) {
            return;
        }
        KafkaRaftServer stopping = server;
        server = null;
        long begin = System.nanoTime();
        try {
            stopping.shutdown();
            stopping.awaitShutdown();
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("Kafka broker on " + bootstrapServers() + " failed to shut down cleanly", e);
        }
        LOG.info("Kafka broker on {} stopped in {} ms", bootstrapServers(),
                Duration.ofNanos(System.nanoTime() - begin).toMillis());
    }

    /**
     * Stops and starts again on the same log directory, ports and cluster id; records and
     * committed consumer offsets survive. Blocks like {@link #stop()} then {@link #start()}.
     */
    public synchronized void restart() {
        stop();
        start();
    }

    /**
     * Stops the broker and deletes the log directory if the broker created it (a directory the
     * caller gave is kept). Safe to call more than once.
     */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        try {
            stop();
        } finally {
            closed = true;
            logDirectory.deleteIfOwned();
        }
    }

    /**
     * {@code host:port} for clients' {@code bootstrap.servers}.
     *
     * @throws IllegalStateException when the port is 0 and has not been chosen by a start yet
     */
    public synchronized String bootstrapServers() {
        if (port == 0) {
            throw new IllegalStateException("the broker has not been started, so its free port is not chosen yet");
        }
        return BrokerSettings.urlHost(settings.listenAddress()) + ":" + port;
    }

    /**
     * {@code host:port} of the SASL/PLAIN client listener, for clients that authenticate
     * ({@code security.protocol=SASL_PLAINTEXT}, {@code sasl.mechanism=PLAIN}).
     *
     * @throws IllegalStateException when the broker has no SASL users or has not been started yet
     */
    public synchronized String saslBootstrapServers() {
        if (!settings.hasSaslListener()) {
            throw new IllegalStateException("the broker has no SASL listener; add a user with saslPlainUser()");
        }
        if (saslPort == 0) {
            throw new IllegalStateException("the broker has not been started, so its SASL port is not chosen yet");
        }
        return BrokerSettings.urlHost(settings.listenAddress()) + ":" + saslPort;
    }

    /** The client port: the requested one, or the free one chosen at the first start (0 before). */
    public synchronized int port() {
        return port;
    }

    /** The local address the client listener binds to and advertises. */
    public InetAddress listenAddress() {
        return settings.listenAddress();
    }

    /** The log directory (data, metadata log and committed offsets live here). */
    public Path logDir() {
        return logDirectory.path();
    }

    public synchronized boolean isRunning() {
        return server != null;
    }

    /** Timings of the last successful start, empty before the first one. */
    public synchronized Optional<StartupTimings> lastStartTimings() {
        return Optional.ofNullable(lastStartTimings);
    }

    /**
     * Creates topics through the Admin API and blocks until every partition has a leader.
     *
     * @throws EmbeddedKafkaException naming the topics when one exists already or is rejected
     * @throws IllegalStateException when the broker is not running
     */
    public void createTopics(TopicSpec... topics) {
        createTopics(Arrays.asList(topics));
    }

    /** As {@link #createTopics(TopicSpec...)}. */
    public void createTopics(Collection<TopicSpec> topics) {
        String servers;
        synchronized (this) {
            if (server == null) {
                throw new IllegalStateException("cannot create topics " + topics + ": the broker is not running");
            }
            servers = bootstrapServers();
        }
        Topics.create(servers, settings.startTimeout(), topics);
    }

    /**
     * Starts Kafka. Before the first successful start, a port picked here may be taken by another
     * process before Kafka binds it (the machine is shared); then fresh ports are picked, a few
     * times at most. Ports the caller gave, or that a previous start used, are never changed.
     */
    private KafkaRaftServer startServer() {
        boolean mayPickAgain = lastStartTimings == null;
        if (settings.port() != 0) {
            Ports.requireFree(settings.listenAddress(), settings.port(), "client");
        }
        for (int attempt = 1; ; attempt++) {
            choosePortsOnFirstStart();
            try {
                return startServerOnce();
            } catch (EmbeddedKafkaException e) {
                if (!mayPickAgain || attempt == MAX_PORT_PICKS || !causedByBindFailure(e)) {
                    throw e;
                }
                LOG.info("Port {} or {} was taken before Kafka bound it; picking free ports again", port,
                        controllerPort);
                port = settings.port();
                saslPort = 0;
                controllerPort = 0;
            }
        }
    }

    private KafkaRaftServer startServerOnce() {
        Ports.requireFree(settings.listenAddress(), port, "client");
        Ports.requireFree(controllerAddress, controllerPort, "controller");
        if (settings.hasSaslListener()) {
            Ports.requireFree(settings.listenAddress(), saslPort, "SASL client");
        }
        logDirectory.ensureWritable();
        Map<String, String> properties = ServerProperties.of(settings, port, saslPort, controllerAddress,
                controllerPort, logDirectory.path());
        // Validate the configuration before formatting, so a bad property is reported as such.
        KafkaConfig config = kafkaConfig(properties);
        logDirectory.formatIfNeeded(properties, clusterId);

        KafkaRaftServer candidate = new KafkaRaftServer(config, Time.SYSTEM);
        try {
            candidate.startup();
        } catch (RuntimeException e) {
            throw stopAfterFailure(candidate, new EmbeddedKafkaException(
                    "Kafka broker on " + bootstrapServers() + " failed to start: " + e.getMessage(), e));
        }
        return candidate;
    }

    private static boolean causedByBindFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof BindException) {
                return true;
            }
        }
        return false;
    }

    private void choosePortsOnFirstStart() {
        if (port == 0) {
            port = Ports.pickFree(settings.listenAddress());
        }
        if (controllerPort == 0) {
            controllerPort = Ports.pickFree(controllerAddress);
        }
        if (saslPort == 0 && settings.hasSaslListener()) {
            saslPort = Ports.pickFree(settings.listenAddress());
        }
    }

    private static KafkaConfig kafkaConfig(Map<String, String> properties) {
        try {
            // doLog=false: Kafka would otherwise print all several hundred config values at INFO.
            return new KafkaConfig(properties, false);
        } catch (RuntimeException e) {
            throw new EmbeddedKafkaException("invalid Kafka broker configuration: " + e.getMessage(), e);
        }
    }

    private void awaitReady(KafkaRaftServer candidate, long deadlineNanos) {
        try {
            ReadinessProbe.roundTrip(bootstrapServers(), deadlineNanos);
        } catch (TimeoutException e) {
            throw stopAfterFailure(candidate, notReadyInTime(e.getMessage(), e));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            // Kafka's clients report their own timeouts as failures; past the deadline that is our timeout.
            if (cause instanceof org.apache.kafka.common.errors.TimeoutException || System.nanoTime() - deadlineNanos >= 0) {
                throw stopAfterFailure(candidate, notReadyInTime(cause.getMessage(), cause));
            }
            throw stopAfterFailure(candidate, new EmbeddedKafkaException("Kafka broker on " + bootstrapServers()
                    + " started but the readiness round trip failed: " + cause.getMessage(), cause));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw stopAfterFailure(candidate, new EmbeddedKafkaException(
                    "interrupted while waiting for the Kafka broker on " + bootstrapServers() + " to be ready", e));
        } catch (RuntimeException e) {
            throw stopAfterFailure(candidate, new EmbeddedKafkaException("Kafka broker on " + bootstrapServers()
                    + " started but the readiness round trip failed: " + e.getMessage(), e));
        }
    }

    private EmbeddedKafkaException notReadyInTime(String lastError, Throwable cause) {
        return new EmbeddedKafkaException("Kafka broker on " + bootstrapServers() + " was not ready within "
                + settings.startTimeout().toMillis() + " ms (start timeout; produce, consume and commit round trip): "
                + lastError, cause);
    }

    private EmbeddedKafkaException stopAfterFailure(KafkaRaftServer candidate, EmbeddedKafkaException failure) {
        try {
            candidate.shutdown();
            candidate.awaitShutdown();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
        return failure;
    }

    /**
     * Collects the settings of an {@link EmbeddedKafkaBroker}. Not thread-safe; build on one
     * thread. Bad values fail in {@link #build()} with a message naming the setting.
     */
    public static final class Builder {

        private String listenHost = "127.0.0.1";
        private int port;
        private Path logDir;
        private final Map<String, String> brokerProperties = new LinkedHashMap<>();
        private Duration startTimeout = DEFAULT_START_TIMEOUT;
        private final Map<String, String> saslPlainUsers = new LinkedHashMap<>();

        private Builder() {
        }

        /**
         * The local address to listen on and advertise (default 127.0.0.1). Any address of this
         * machine works, for example a bridge address that network namespaces can route to.
         */
        public Builder listenHost(String host) {
            this.listenHost = Objects.requireNonNull(host, "listenHost");
            return this;
        }

        /** The client port; 0 (the default) picks a free one at the first start and keeps it. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** A log directory the caller owns: created if missing, reused if formatted, kept on close. */
        public Builder logDir(Path logDir) {
            this.logDir = Objects.requireNonNull(logDir, "logDir");
            return this;
        }

        /** One extra broker property, applied over the defaults (for example {@code num.partitions}). */
        public Builder brokerProperty(String key, String value) {
            brokerProperties.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, key));
            return this;
        }

        /** Extra broker properties, applied over the defaults. */
        public Builder brokerProperties(Map<String, String> properties) {
            properties.forEach(this::brokerProperty);
            return this;
        }

        /**
         * Adds a second client listener that requires SASL/PLAIN and accepts this user (call again
         * for more users); its address is {@link EmbeddedKafkaBroker#saslBootstrapServers()}. The
         * plaintext listener stays, for the broker's own use and for tests that read behind the
         * client under test.
         */
        public Builder saslPlainUser(String user, String password) {
            saslPlainUsers.put(Objects.requireNonNull(user, "user"), Objects.requireNonNull(password, "password"));
            return this;
        }

        /** Bound on {@link EmbeddedKafkaBroker#start()} and on topic creation (default 60 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = Objects.requireNonNull(timeout, "startTimeout");
            return this;
        }

        /**
         * Checks the settings and returns a stopped broker; nothing is bound or written yet, except
         * that a temporary log directory is created when none was given.
         *
         * @throws IllegalArgumentException naming the setting that is wrong
         */
        public EmbeddedKafkaBroker build() {
            BrokerSettings settings = new BrokerSettings(BrokerSettings.localAddress(listenHost), port,
                    Optional.ofNullable(logDir), brokerProperties, startTimeout, saslPlainUsers);
            return new EmbeddedKafkaBroker(settings);
        }
    }
}
