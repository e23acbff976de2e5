package io.meshperf.coordinator.aggregation;

/**
 * The sum and count behind a mean, so windows, pairs and clusters merge into the exact mean of
 * every value rather than an average of averages. Mutable, not thread-safe; owned by one
 * {@link Samples}.
 */
final class Mean {

    double sum;
    long count;

    /** Adds {@code value}; null (a figure the result did not report) is not a value. */
    void add(Double value) {
        if (value != null) {
            sum += value;
            count++;
        }
    }

    void addAll(Mean other) {
        sum += other.sum;
        count += other.count;
    }

    /** The mean, or null when no value was added. */
    Double value() {
        return count == 0 ? null : sum / count;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Mean m && Double.compare(sum, m.sum) == 0 && count == m.count;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(sum) * 31 + Long.hashCode(count);
    }

    @Override
    public String toString() {
        return "Mean[sum=" + sum + ", count=" + count + "]";
    }
}
