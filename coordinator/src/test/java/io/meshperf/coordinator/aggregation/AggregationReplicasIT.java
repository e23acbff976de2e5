package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.meshperf.coordinator.query.QueryException;
import io.meshperf.coordinator.query.StoreAggregateQueries;
import io.meshperf.coordinator.query.SummaryQuery;
import io.meshperf.coordinator.query.http.AggregateRoutes;
import io.meshperf.kafka.embedded.EmbeddedKafkaBroker;
import io.meshperf.kafka.embedded.KafkaBrokerExtension;
import io.meshperf.kafka.embedded.TopicSpec;
import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.Path;
import io.meshperf.schemas.codec.Codecs;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two coordinator replicas share the results partitions; each answers for all of them. */
@ExtendWith(KafkaBrokerExtension.class)
class AggregationReplicasIT {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(120);
    private static final int PAIRS = 20;
    private static final int PER_PAIR = 5;
    private static final AggregationSettings SETTINGS = AggregationSettings.defaults();
    private static final Clock CLOCK = Clock.fixed(T0.plusSeconds(30), ZoneOffset.UTC);

    private record Replica(AggregationStreams streams, StoreAggregateQueries all, StoreAggregateQueries local) {
    }

    @Test
    void eachReplicaAnswersForEveryPartition(EmbeddedKafkaBroker broker) throws Exception {
        broker.createTopics(TopicSpec.of(SETTINGS.resultsTopic(), 4), TopicSpec.of(SETTINGS.aggregatesTopic(), 4),
                TopicSpec.of(SETTINGS.dlqTopic(), 1));
        Vertx vertx = Vertx.vertx();
        Replica a = null;
        Replica b = null;
        try {
            a = replica(vertx, broker.bootstrapServers(), "a");
            b = replica(vertx, broker.bootstrapServers(), "b");
            a.streams().start().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            b.streams().start().toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
            try (KafkaProducer<String, byte[]> producer = producer(broker.bootstrapServers())) {
                for (int i = 0; i < PAIRS * PER_PAIR; i++) {
                    MeasurementResult result = Results.latency("prod", Path.POD_TO_POD, "n" + (i % PAIRS),
                            "n" + ((i % PAIRS) + 1), T0.plusMillis(i), 100_000);
                    producer.send(new ProducerRecord<>(SETTINGS.resultsTopic(), Results.key(result),
                            Codecs.MEASUREMENT_RESULT.encode(result))).get();
                }
            }
            long total = PAIRS * PER_PAIR;
            Replica first = a;
            Replica second = b;
            await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).ignoreException(QueryException.class)
                    .untilAsserted(() -> {
                        assertThat(count(first.all())).isEqualTo(total);
                        assertThat(count(second.all())).isEqualTo(total);
                        // Each replica holds only its own partitions, and together all of them once.
                        long onA = count(first.local());
                        long onB = count(second.local());
                        assertThat(onA + onB).isEqualTo(total);
                        assertThat(onA).isPositive().isLessThan(total);
                    });
        } finally {
            if (a != null) {
                a.streams().close(Duration.ofSeconds(30));
            }
            if (b != null) {
                b.streams().close(Duration.ofSeconds(30));
            }
            vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        }
    }

    private static long count(StoreAggregateQueries queries) {
        try {
            return queries.summary(new SummaryQuery("prod", Duration.ofMinutes(1), T0, false)).rows().stream()
                    .mapToLong(row -> row.figures().count()).sum();
        } catch (QueryException e) {
            if (e.status() == 404) {
                return 0;
            }
            throw e;
        }
    }

    private static Replica replica(Vertx vertx, String bootstrap, String name) throws Exception {
        Router router = Router.router(vertx);
        HttpServer server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1")
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Properties properties = AggregationStreams.properties(bootstrap, "aggregation-replicas-it",
                Files.createTempDirectory("aggregation-replica-" + name), 1, Duration.ofMillis(200));
        properties.put(StreamsConfig.APPLICATION_SERVER_CONFIG, "127.0.0.1:" + server.actualPort());
        AggregationStreams streams = new AggregationStreams(SETTINGS, properties);
        PairWindowReader all = new PeerWindowReader(streams.reader(), streams::otherInstances,
                HttpClient.newHttpClient(), Duration.ofSeconds(10));
        StoreAggregateQueries queries = new StoreAggregateQueries(all, SETTINGS, CLOCK);
        AggregateRoutes.mount(router, queries);
        AggregateRoutes.mountPeerRoutes(router, streams.reader());
        return new Replica(streams, queries, new StoreAggregateQueries(streams.reader(), SETTINGS, CLOCK));
    }

    private static KafkaProducer<String, byte[]> producer(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
