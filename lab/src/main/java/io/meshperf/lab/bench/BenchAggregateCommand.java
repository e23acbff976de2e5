package io.meshperf.lab.bench;

import io.meshperf.coordinator.aggregation.AggregationSettings;
import io.meshperf.coordinator.aggregation.AggregationStreams;
import io.meshperf.coordinator.query.StoreAggregateQueries;
import io.meshperf.coordinator.query.http.AggregateRoutes;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.keys.ResultKey;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.PrintWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code bench-aggregate}: how fast the aggregation turns results into aggregates, on the real
 * in-process broker with exactly-once processing.
 *
 * <ol>
 *   <li>Throughput: writes {@code --results} synthetic results of a {@code --nodes} cluster to
 *       {@code meshperf.results}, then starts the aggregation and times it from running until its
 *       committed offsets reach the end of the topic: results aggregated per second.</li>
 *   <li>Lag: feeds results at {@code --rate} per second with their real start time, plus a probe
 *       result every 50 ms on one fixed pair, and polls the HTTP API ({@code /api/v1/pairs}) for
 *       that pair: the time from a probe's send to its count appearing in the answer, p50 and p99.</li>
 * </ol>
 * Runs on the calling thread plus a feeding thread, Kafka's and Vert.x's; blocks until done
 * (about a minute with the defaults). Prints figures to standard output; exits 0, 2 on bad options.
 */
@Command(name = "bench-aggregate", mixinStandardHelpOptions = true,
        description = "Results aggregated per second, and the lag from a result's production to the API.")
public final class BenchAggregateCommand implements Callable<Integer> {

    private static final double THROUGHPUT_TARGET = 50_000;
    private static final double LAG_P99_TARGET_MS = 2_000;
    private static final String CLUSTER = "bench";
    private static final String PROBE_CLUSTER = "bench-probe";

    @Spec
    private CommandSpec spec;

    @Option(names = "--nodes", defaultValue = "1000", description = "Cluster size (default: ${DEFAULT-VALUE}).")
    private int nodes;

    @Option(names = "--results", defaultValue = "300000",
            description = "Results for the throughput run (default: ${DEFAULT-VALUE}).")
    private int results;

    @Option(names = "--rate", defaultValue = "5000", description = "Results per second in the lag run (default: ${DEFAULT-VALUE}).")
    private int rate;

    @Option(names = "--lag-seconds", defaultValue = "30", description = "Length of the lag run (default: ${DEFAULT-VALUE}).")
    private int lagSeconds;

    @Option(names = "--partitions", defaultValue = "4", description = "Partitions of meshperf.results (default: ${DEFAULT-VALUE}).")
    private int partitions;

    @Option(names = "--stream-threads", defaultValue = "2", description = "Kafka Streams threads (default: ${DEFAULT-VALUE}).")
    private int streamThreads;

    @Option(names = "--commit-interval-ms", defaultValue = "1000",
            description = "Commit (and store cache flush) interval (default: ${DEFAULT-VALUE}).")
    private long commitIntervalMs;

    /** Runs the benchmark as a program of its own, until the lab registers the command. */
    public static void main(String[] args) {
        System.exit(new CommandLine(new BenchAggregateCommand()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        check(nodes >= 2, "--nodes must be at least 2, got " + nodes);
        check(results >= 1, "--results must be at least 1, got " + results);
        check(rate >= 1 && rate <= 1_000_000, "--rate must be in 1..1000000, got " + rate);
        check(lagSeconds >= 1, "--lag-seconds must be at least 1, got " + lagSeconds);
        check(partitions >= 1, "--partitions must be at least 1, got " + partitions);
        check(streamThreads >= 1, "--stream-threads must be at least 1, got " + streamThreads);
        check(commitIntervalMs >= 1, "--commit-interval-ms must be at least 1, got " + commitIntervalMs);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "bench-aggregate: java %s, %d cpus, load average %.2f, max heap %d MiB; %d nodes,"
                        + " %d partitions, %d stream threads, exactly_once_v2, commit every %d ms%n",
                System.getProperty("java.version"), Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(),
                Runtime.getRuntime().maxMemory() >> 20, nodes, partitions, streamThreads, commitIntervalMs);
        out.flush();
        AggregationSettings settings = AggregationSettings.defaults();
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder().build()) {
            broker.start();
            broker.createTopics(TopicSpec.of(settings.resultsTopic(), partitions),
                    TopicSpec.of(settings.aggregatesTopic(), partitions), TopicSpec.of(settings.dlqTopic(), 1));
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                Instant now = Instant.now();
                double produced = preload(producer, settings, now);
                out.printf(Locale.ROOT, "preloaded %d results at %.0f results/s%n", results, produced);
                out.flush();
                Properties properties = AggregationStreams.properties(broker.bootstrapServers(), "bench-aggregate",
                        Files.createTempDirectory("bench-aggregate-state"), streamThreads,
                        Duration.ofMillis(commitIntervalMs));
                try (AggregationStreams streams = new AggregationStreams(settings, properties)) {
                    Throughput throughput = Throughput.measure(streams, broker.bootstrapServers(), "bench-aggregate",
                            settings.resultsTopic(), results);
                    int cpus = Runtime.getRuntime().availableProcessors();
                    out.printf(Locale.ROOT, "throughput: %d results in %.2f s after start-up (%.2f s with it):"
                                    + " %.0f results/s (target >= %.0f: %s); CPU %.1f us per result (broker"
                                    + " included), i.e. %.0f results/s if this process had all %d cpus%n",
                            results, throughput.processingSeconds(), throughput.totalSeconds(),
                            throughput.resultsPerSecond(), THROUGHPUT_TARGET,
                            throughput.resultsPerSecond() >= THROUGHPUT_TARGET ? "met" : "missed",
                            throughput.cpuMicrosPerResult(), cpus * 1e6 / throughput.cpuMicrosPerResult(), cpus);
                    out.flush();
                    moveToNow(producer, settings, broker.bootstrapServers(), out);
                    lag(out, producer, streams, settings);
                }
            }
        }
        return 0;
    }

    private double preload(KafkaProducer<String, byte[]> producer, AggregationSettings settings, Instant now)
            throws Exception {
        SyntheticResults generator = new SyntheticResults(CLUSTER, nodes, 1);
        // Ten minutes of results ending an hour ago: several 1 min windows, two 1 h windows at most.
        Instant first = now.minus(Duration.ofMinutes(70));
        long spanMs = Duration.ofMinutes(10).toMillis();
        long begin = System.nanoTime();
        for (int i = 0; i < results; i++) {
            send(producer, settings, generator.next(first.plusMillis(i * spanMs / results)));
        }
        producer.flush();
        return results / ((System.nanoTime() - begin) / 1e9);
    }

    /**
     * Results stamped now move every partition's stream time past the preloaded windows, which then
     * all close at once; waiting for that burst keeps it out of the lag figures, which should show
     * the steady state (where windows close a minute's worth at a time).
     */
    private void moveToNow(KafkaProducer<String, byte[]> producer, AggregationSettings settings, String bootstrap,
                           PrintWriter out) throws Exception {
        SyntheticResults generator = new SyntheticResults(CLUSTER, nodes, 3);
        int ticks = 100 * partitions;
        for (int i = 0; i < ticks; i++) {
            send(producer, settings, generator.next(Instant.now()));
        }
        producer.flush();
        long begin = System.nanoTime();
        Throughput.awaitCommitted(bootstrap, "bench-aggregate", settings.resultsTopic(), (long) results + ticks);
        out.printf(Locale.ROOT, "closed the preloaded windows in %.2f s%n", (System.nanoTime() - begin) / 1e9);
        out.flush();
    }

    private void lag(PrintWriter out, KafkaProducer<String, byte[]> producer, AggregationStreams streams,
                     AggregationSettings settings) throws Exception {
        Vertx vertx = Vertx.vertx();
        try {
            Router router = Router.router(vertx);
            AggregateRoutes.mount(router, new StoreAggregateQueries(streams.reader(), settings, Clock.systemUTC()));
            HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                    .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            LagProbe probe = new LagProbe(server.actualPort(), PROBE_CLUSTER, Instant.now());
            Feeder feeder = new Feeder(producer, settings, new SyntheticResults(CLUSTER, nodes, 2), rate, probe,
                    Duration.ofSeconds(lagSeconds));
            Thread feeding = new Thread(feeder, "bench-aggregate-feeder");
            feeding.start();
            probe.pollUntil(feeding, Duration.ofSeconds(15));
            feeding.join();
            if (feeder.failure() != null) {
                throw new IllegalStateException("feeding results failed", feeder.failure());
            }
            Histogram lags = probe.lagsMicros();
            out.printf(Locale.ROOT, "lag at %.0f results/s for %d s: %d probes, %d seen in the API; production to"
                            + " API p50 %.1f ms, p99 %.1f ms, max %.1f ms (p99 target < %.0f ms: %s)%n",
                    feeder.achievedRate(), lagSeconds, probe.sent(), lags.getTotalCount(),
                    lags.getValueAtPercentile(50) / 1000.0, lags.getValueAtPercentile(99) / 1000.0,
                    lags.getMaxValue() / 1000.0, LAG_P99_TARGET_MS,
                    lags.getTotalCount() == probe.sent() && lags.getValueAtPercentile(99) / 1000.0 < LAG_P99_TARGET_MS
                            ? "met" : "missed");
            out.flush();
        } finally {
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    static void send(KafkaProducer<String, byte[]> producer, AggregationSettings settings, MeasurementResult result) {
        producer.send(new ProducerRecord<>(settings.resultsTopic(), ResultKey.of(result).toString(),
                Codecs.MEASUREMENT_RESULT.encode(result)));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private void check(boolean ok, String message) {
        if (!ok) {
            throw new ParameterException(spec.commandLine(), message);
        }
    }
}
