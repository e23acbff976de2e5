package io.meshperf.coordinator.aggregation;

import io.meshperf.schemas.MeasurementResult;
import io.meshperf.schemas.PairAggregate;
import io.meshperf.schemas.keys.AggregateKey;
import io.meshperf.schemas.keys.ResultKey;
import io.meshperf.schemas.kafka.AvroSerdes;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.EmitStrategy;
import org.apache.kafka.streams.kstream.Grouped;
import org.apache.kafka.streams.kstream.KGroupedStream;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.TimeWindows;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.WindowStore;

/**
 * The Kafka Streams topology from {@code meshperf.results} to window stores and
 * {@code meshperf.aggregates}:
 *
 * <pre>
 * results (bytes) ─▶ decode+check ─┬─ rejected ─▶ meshperf.dlq (original bytes, reason headers)
 *                                  └─ accepted ─▶ group by result key (no repartition)
 *                                        ├─▶ tumbling 1 min + grace ─▶ store pair-windows-60s ─▶ on close ─▶ aggregates
 *                                        └─▶ tumbling 1 h + grace   ─▶ store pair-windows-3600s ─▶ on close ─▶ aggregates
 * </pre>
 *
 * <p>Windows are grouped by the result key ({@code cluster/path/src/dst}), the key results are
 * already partitioned by, so Kafka Streams needs no repartition topic; one {@link PairWindow}
 * holds every test of the pair. The stores are queryable while windows are open; the topic
 * receives each window once, when it closes (end + grace), split per test. Building the topology
 * is pure; it runs on Kafka Streams' threads.
 */
public final class AggregationTopology {

    private AggregationTopology() {
    }

    /** The topology for {@code settings}. */
    public static Topology build(AggregationSettings settings) {
        StreamsBuilder builder = new StreamsBuilder();
        KStream<String, byte[]> raw = builder.stream(settings.resultsTopic(),
                Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("results"));
        Map<String, KStream<String, Decoded>> branches = raw
                .processValues(DecodeResults::new, Named.as("decode"))
                .split(Named.as("decoded-"))
                .branch((key, decoded) -> decoded.rejected(), Branched.as("rejected"))
                .defaultBranch(Branched.as("accepted"));
        branches.get("decoded-rejected")
                .mapValues(Decoded::raw, Named.as("dlq-bytes"))
                .to(settings.dlqTopic(), Produced.with(Serdes.String(), Serdes.ByteArray()).withName("dlq"));
        KGroupedStream<String, MeasurementResult> pairs = branches.get("decoded-accepted")
                .mapValues(Decoded::result, Named.as("result"))
                .groupByKey(Grouped.with("pairs", Serdes.String(), AvroSerdes.measurementResult()));
        for (Duration size : settings.windows()) {
            window(pairs, settings, size);
        }
        return builder.build();
    }

    private static void window(KGroupedStream<String, MeasurementResult> pairs, AggregationSettings settings,
                               Duration size) {
        String store = AggregationSettings.storeName(size);
        pairs.windowedBy(TimeWindows.ofSizeAndGrace(size, settings.grace()))
                // Emit a window once, when it closes, from the window store itself: no separate
                // suppression buffer and changelog to write on every update.
                .emitStrategy(EmitStrategy.onWindowClose())
                .aggregate(PairWindow::new, (key, result, window) -> window.add(result), Named.as("aggregate-" + store),
                        Materialized.<String, PairWindow, WindowStore<Bytes, byte[]>>as(store)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(new PairWindowSerde())
                                .withRetention(settings.retention(size)))
                .toStream(Named.as("closed-stream-" + store))
                .flatMap(AggregationTopology::aggregates, Named.as("per-test-" + store))
                .to(settings.aggregatesTopic(), Produced.with(Serdes.String(), AvroSerdes.pairAggregate())
                        .withName("aggregates-" + store));
    }

    private static List<KeyValue<String, PairAggregate>> aggregates(Windowed<String> key, PairWindow window) {
        ResultKey pair = ResultKey.parse(key.key());
        return PairAggregates.of(pair, key.window().startTime(), key.window().endTime(), window).stream()
                .map(aggregate -> KeyValue.pair(AggregateKey.of(aggregate).toString(), aggregate))
                .toList();
    }
}
