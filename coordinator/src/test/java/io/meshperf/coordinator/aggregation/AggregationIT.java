package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.coordinator.query.PairHistoryView;
import io.meshperf.coordinator.query.PairQuery;
import io.meshperf.coordinator.query.QueryException;
import io.meshperf.coordinator.query.StoreAggregateQueries;
import io.meshperf.coordinator.query.SummaryQuery;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.TestType;
import io.meshperf.schemas.codec.Codecs;
import io.meshperf.schemas.kafka.PairAggregateDeserializer;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.kafka.embedded.TopicSpec;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Results in, aggregates and query answers out, on the real in-process broker with exactly-once
 * processing, across a restart of the aggregation on an empty state directory (so its stores are
 * rebuilt from their changelogs) without double counting.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AggregationIT {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String[][] PAIRS = {{"a", "b"}, {"b", "a"}, {"a", "c"}, {"c", "a"}};
    private static final AggregationSettings SETTINGS = AggregationSettings.defaults()
            .withWindows(List.of(Duration.ofMinutes(1), Duration.ofHours(1)), Duration.ofSeconds(5));

    @Test
    void countsEveryResultOnceAcrossARestart(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopics(TopicSpec.of(SETTINGS.resultsTopic(), 3), TopicSpec.of(SETTINGS.aggregatesTopic(), 3),
                TopicSpec.of(SETTINGS.dlqTopic(), 1));
        String bootstrap = broker.bootstrapServers();
        String applicationId = "aggregation-it";
        Clock clock = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);

        try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
            AggregationStreams first = new AggregationStreams(SETTINGS, AggregationStreams.properties(bootstrap,
                    applicationId, Files.createTempDirectory("aggregation-it-a"), 1, Duration.ofMillis(100)));
            try {
                first.start().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                sendLatencies(producer, 0, 100);
                producer.send(new ProducerRecord<>(SETTINGS.resultsTopic(), "prod/POD_TO_POD/a/b",
                        "garbage".getBytes(StandardCharsets.UTF_8))).get();
                StoreAggregateQueries queries = new StoreAggregateQueries(first.reader(), SETTINGS, clock);
                awaitCount(queries, 100);
            } finally {
                first.close(Duration.ofSeconds(30));
            }
            assertThat(first.state()).isEqualTo(KafkaStreams.State.NOT_RUNNING);

            // Results sent while no aggregation runs are picked up by the next one.
            sendLatencies(producer, 100, 50);
            AggregationStreams second = new AggregationStreams(SETTINGS, AggregationStreams.properties(bootstrap,
                    applicationId, Files.createTempDirectory("aggregation-it-b"), 2, Duration.ofMillis(100)));
            try {
                second.start().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
                sendLatencies(producer, 150, 50);
                StoreAggregateQueries queries = new StoreAggregateQueries(second.reader(), SETTINGS, clock);
                awaitCount(queries, 200);
                assertThat(queries.summary(new SummaryQuery("prod", Duration.ofMinutes(1), T0, false)).rows())
                        .singleElement().satisfies(row -> {
                            assertThat(row.figures().count()).isEqualTo(200);
                            assertThat(row.pairs()).isEqualTo(4);
                        });

                // Stream time is kept per partition, and closed windows are looked for when a record
                // arrives (at most once a wall-clock second): results of each pair three hours on,
                // sent until the windows show up, close them and send them to meshperf.aggregates.
                Map<String, PairAggregate> minute = new HashMap<>();
                List<ConsumerRecord<String, byte[]>> dead = new ArrayList<>();
                try (KafkaConsumer<String, PairAggregate> aggregates = consumer(bootstrap,
                        new PairAggregateDeserializer());
                     KafkaConsumer<String, byte[]> dlq = consumer(bootstrap, new ByteArrayDeserializer())) {
                    aggregates.subscribe(List.of(SETTINGS.aggregatesTopic()));
                    dlq.subscribe(List.of(SETTINGS.dlqTopic()));
                    await().atMost(WAIT).untilAsserted(() -> {
                        for (String[] pair : PAIRS) {
                            send(producer, Results.latency("prod", Path.POD_TO_POD, pair[0], pair[1],
                                    T0.plus(Duration.ofHours(3)), 1));
                        }
                        aggregates.poll(Duration.ofMillis(200)).forEach(r -> {
                            if (r.value().getWindowEnd().equals(T0.plusSeconds(60))) {
                                assertThat(minute.put(r.key(), r.value())).as("one aggregate per window").isNull();
                            }
                        });
                        dlq.poll(Duration.ofMillis(50)).forEach(dead::add);
                        assertThat(minute).hasSize(4);
                        assertThat(dead).hasSize(1);
                    });
                }
                assertThat(minute.values().stream().mapToLong(PairAggregate::getCount).sum()).isEqualTo(200);
                assertThat(minute.get("prod/POD_TO_POD/TCP_LAT/a/b").getLatencyNs().getCount()).isEqualTo(50);
                assertThat(new String(dead.get(0).headers().lastHeader(DecodeResults.REASON).value(),
                        StandardCharsets.UTF_8)).isEqualTo("NOT_SINGLE_OBJECT");
            } finally {
                second.close(Duration.ofSeconds(30));
            }
        }
    }

    /** Sends {@code n} latency results, numbered from {@code first}, over four pairs in the first minute. */
    private static void sendLatencies(KafkaProducer<String, byte[]> producer, int first, int n) throws Exception {
        for (int i = first; i < first + n; i++) {
            String[] pair = PAIRS[i % PAIRS.length];
            send(producer, Results.latency("prod", Path.POD_TO_POD, pair[0], pair[1], T0.plusMillis(i * 100L),
                    100_000 + i));
        }
        producer.flush();
    }

    private static void send(KafkaProducer<String, byte[]> producer, MeasurementResult result) throws Exception {
        producer.send(new ProducerRecord<>(SETTINGS.resultsTopic(), Results.key(result),
                Codecs.MEASUREMENT_RESULT.encode(result))).get();
    }

    private static void awaitCount(StoreAggregateQueries queries, long expected) {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).ignoreException(QueryException.class)
                .until(() -> totalCount(queries) == expected);
        // Stays there: nothing is counted twice once processing has caught up.
        assertThat(totalCount(queries)).isEqualTo(expected);
    }

    private static long totalCount(StoreAggregateQueries queries) {
        long total = 0;
        for (String[] pair : PAIRS) {
            try {
                PairHistoryView history = queries.pairHistory(new PairQuery("prod", pair[0], pair[1], Path.POD_TO_POD,
                        TestType.TCP_LAT, Duration.ofHours(1), T0, T0, false));
                total += history.windows().stream().mapToLong(w -> w.figures().count()).sum();
            } catch (QueryException e) {
                if (e.status() != 404) {
                    throw e;
                }
            }
        }
        return total;
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private static <V> KafkaConsumer<String, V> consumer(String bootstrap,
                                                         org.apache.kafka.common.serialization.Deserializer<V> values) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "aggregation-it-reader-" + System.nanoTime());
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(p, new StringDeserializer(), values);
    }
}
