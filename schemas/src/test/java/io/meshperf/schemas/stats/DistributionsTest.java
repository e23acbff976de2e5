package io.meshperf.schemas.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.meshperf.schemas.Distribution;
import java.nio.ByteBuffer;
import java.util.SplittableRandom;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class DistributionsTest {

    private static Histogram latencies(long seed, int count, long base) {
        SplittableRandom random = new SplittableRandom(seed);
        Histogram histogram = Distributions.newHistogram();
        for (int i = 0; i < count; i++) {
            // Mostly near base, with a long tail, like real round trips.
            double value = base + random.nextDouble() * base * 0.2 + (random.nextInt(100) == 0 ? base * 20 : 0);
            Distributions.record(histogram, value);
        }
        return histogram;
    }

    @Test
    void summaryComesFromTheHistogram() {
        Histogram histogram = Distributions.newHistogram();
        for (long value = 1; value <= 1_000; value++) {
            histogram.recordValue(value * 1_000);
        }

        Distribution distribution = Distributions.of(histogram);

        assertThat(distribution.getCount()).isEqualTo(1_000);
        assertThat(distribution.getMin()).isCloseTo(1_000, within(1.0));
        assertThat(distribution.getMax()).isCloseTo(1_000_000, within(1_000_000 * 0.001));
        assertThat(distribution.getMean()).isCloseTo(500_500, within(500_500 * 0.001));
        assertThat(distribution.getP50()).isCloseTo(500_000, within(500_000 * 0.001));
        assertThat(distribution.getP90()).isCloseTo(900_000, within(900_000 * 0.001));
        assertThat(distribution.getP99()).isCloseTo(990_000, within(990_000 * 0.001));
        assertThat(distribution.getP999()).isCloseTo(999_000, within(999_000 * 0.001));
    }

    @Test
    void decodesBackToTheSameHistogram() {
        Histogram original = latencies(1, 10_000, 20_000);

        Histogram decoded = Distributions.histogramOf(Distributions.of(original));

        assertThat(decoded).isEqualTo(original);
        assertThat(decoded.getValueAtPercentile(99.9)).isEqualTo(original.getValueAtPercentile(99.9));
    }

    @Test
    void mergingTwoDistributionsEqualsRecordingEveryValueInOne() {
        Histogram first = latencies(1, 10_000, 20_000);
        Histogram second = latencies(2, 3_000, 400_000);
        Histogram together = first.copy();
        together.add(second);

        Distribution merged = Distributions.merge(Distributions.of(first), Distributions.of(second));

        Distribution expected = Distributions.of(together);
        assertThat(merged.getCount()).isEqualTo(13_000);
        assertThat(Distributions.histogramOf(merged)).isEqualTo(together);
        assertThat(merged).usingRecursiveComparison().ignoringFields("histogram").isEqualTo(expected);
    }

    @Test
    void mergeLeavesItsInputsUntouched() {
        Distribution first = Distributions.of(latencies(3, 100, 1_000));
        Distribution second = Distributions.of(latencies(4, 100, 5_000));
        ByteBuffer before = first.getHistogram().duplicate();

        Distributions.merge(first, second);
        Distributions.merge(first, second);

        assertThat(first.getHistogram()).isEqualTo(before);
        assertThat(Distributions.histogramOf(first).getTotalCount()).isEqualTo(100);
    }

    @Test
    void bandwidthSizedValuesFit() {
        Histogram histogram = Distributions.newHistogram();
        Distributions.record(histogram, 1.348e9);
        Distributions.record(histogram, 9.7e10);

        Distribution distribution = Distributions.of(histogram);

        assertThat(distribution.getMax()).isCloseTo(9.7e10, within(9.7e10 * 0.001));
        assertThat(distribution.getHistogram().remaining()).isLessThan(100);
    }

    @Test
    void anEmptyHistogramGivesZeros() {
        Distribution empty = Distributions.of(Distributions.newHistogram());

        assertThat(empty.getCount()).isZero();
        assertThat(empty.getMin()).isZero();
        assertThat(empty.getMean()).isZero();
        assertThat(empty.getP999()).isZero();
        assertThat(Distributions.merge(empty, empty).getCount()).isZero();
    }

    @Test
    void badValuesAndBytesAreRejected() {
        Histogram histogram = Distributions.newHistogram();
        assertThatThrownBy(() -> Distributions.record(histogram, -1)).hasMessageContaining("not negative, got -1.0");
        assertThatThrownBy(() -> Distributions.record(histogram, Double.NaN)).hasMessageContaining("got NaN");

        Distribution garbage = Distribution.newBuilder(Distributions.of(latencies(5, 10, 100)))
                .setHistogram(ByteBuffer.wrap(new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10})).build();
        assertThatThrownBy(() -> Distributions.histogramOf(garbage))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a compressed HdrHistogram");

        Distribution miscounted = Distribution.newBuilder(Distributions.of(latencies(5, 10, 100))).setCount(11).build();
        assertThatThrownBy(() -> Distributions.histogramOf(miscounted))
                .hasMessageContaining("Distribution.count is 11 but its histogram holds 10 values");
    }
}
