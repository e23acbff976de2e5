package io.meshperf.coordinator.aggregation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.meshperf.schemas.stats.Distributions;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ValueCountsTest {

    @Test
    void mergedPartsGiveExactlyTheHistogramOfEveryValueRecordedOnce() {
        SplittableRandom random = new SplittableRandom(42);
        Histogram direct = Distributions.newHistogram();
        ValueCounts merged = new ValueCounts();
        for (int part = 0; part < 20; part++) {
            ValueCounts counts = new ValueCounts();
            for (int i = 0; i < 500; i++) {
                // Log-normal-ish latencies from 10 us to about 10 ms.
                double value = Math.exp(random.nextDouble(Math.log(10_000), Math.log(10_000_000)));
                counts.record(value);
                Distributions.record(direct, value);
            }
            merged.addAll(counts);
        }
        Histogram rebuilt = merged.toHistogram();
        assertThat(rebuilt.getTotalCount()).isEqualTo(10_000);
        for (double percentile : new double[] {0, 50, 90, 99, 99.9, 100}) {
            assertThat(rebuilt.getValueAtPercentile(percentile)).as("p%s", percentile)
                    .isEqualTo(direct.getValueAtPercentile(percentile));
        }
        assertThat(rebuilt.getMean()).isEqualTo(direct.getMean());
        assertThat(rebuilt).isEqualTo(direct);
    }

    @Test
    void neighbouringBucketsEncodeLikeHdrHistogramToo() {
        ValueCounts counts = new ValueCounts();
        // Indices 0, 1, 3 (a single zero between), then a long zero run, then adjacent buckets.
        for (long value : new long[] {0, 1, 3, 5_000, 5_004, 5_008, 1L << 40}) {
            counts.add(ValueCounts.quantize(value), 1 + value % 3);
        }
        assertThat(PairAggregates.distribution(counts)).isEqualTo(Distributions.of(counts.toHistogram()));
    }

    @Test
    void sparseSummariesEqualWhatDistributionsReadsFromTheHistogram() {
        SplittableRandom random = new SplittableRandom(7);
        for (int round = 0; round < 2_000; round++) {
            ValueCounts counts = new ValueCounts();
            int n = 1 + random.nextInt(round % 10 == 0 ? 2_000 : 20);
            double scale = Math.pow(10, random.nextInt(12));
            for (int i = 0; i < n; i++) {
                counts.record(random.nextInt(5) == 0 ? 0 : random.nextDouble() * scale);
            }
            io.meshperf.schemas.Distribution expected = Distributions.of(counts.toHistogram());
            io.meshperf.schemas.Distribution actual = PairAggregates.distribution(counts);
            assertThat(actual).as("round %d, %d values up to %s", round, n, scale).isEqualTo(expected);
            assertThat(Distributions.histogramOf(actual)).isEqualTo(counts.toHistogram());
        }
    }

    @Test
    void percentilesOfAUniformDistributionAreWithinThePrecision() {
        ValueCounts counts = new ValueCounts();
        for (int i = 1; i <= 100_000; i++) {
            counts.record(i);
        }
        Stats stats = Stats.of(counts);
        assertThat(stats.p50()).isBetween(49_950.0, 50_050.0);
        assertThat(stats.p99()).isBetween(98_900.0, 99_100.0);
        assertThat(stats.p999()).isBetween(99_800.0, 100_000.0);
        assertThat(counts.size()).as("quantized to buckets").isLessThan(100_000);
    }

    @Test
    void negativeOrNonFiniteValuesAreRefused() {
        ValueCounts counts = new ValueCounts();
        assertThatThrownBy(() -> counts.record(-1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> counts.record(Double.NaN)).hasMessageContaining("NaN");
        assertThatThrownBy(() -> counts.record(Double.POSITIVE_INFINITY)).hasMessageContaining("Infinity");
        assertThat(Stats.of(counts)).isNull();
    }
}
