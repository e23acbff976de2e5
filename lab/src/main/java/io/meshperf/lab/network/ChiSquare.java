package io.meshperf.lab.network;

/**
 * Pearson's chi-square test of counts against equal shares, for the ClusterIP's split over its
 * backends. Pure.
 */
public final class ChiSquare {

    private ChiSquare() {
    }

    /** Σ (observed − expected)² / expected, with every category expected to get total / k. */
    public static double statistic(long[] counts) {
        if (counts.length < 2) {
            throw new IllegalArgumentException("a split needs at least 2 categories, got " + counts.length);
        }
        long total = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("negative count " + c);
            }
            total += c;
        }
        if (total == 0) {
            throw new IllegalArgumentException("a split needs at least one observation");
        }
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long c : counts) {
            double d = c - expected;
            sum += d * d / expected;
        }
        return sum;
    }

    /**
     * The chance of a split at least this uneven if every share really is 1/k: the upper tail of
     * the chi-square distribution with k − 1 degrees of freedom at the statistic.
     */
    public static double pValue(long[] counts) {
        return upperTail(statistic(counts), counts.length - 1);
    }

    /**
     * P(X ≥ x) for X chi-square with {@code df} degrees of freedom: 1 − P(df/2, x/2), P the
     * regularized lower incomplete gamma function, from its series
     * P(a, y) = y^a e^−y Σ_n y^n / Γ(a + n + 1), whose terms shrink once n exceeds y.
     */
    static double upperTail(double x, int df) {
        if (df < 1) {
            throw new IllegalArgumentException("degrees of freedom must be at least 1, was " + df);
        }
        if (x <= 0) {
            return 1.0;
        }
        double a = df / 2.0;
        double y = x / 2.0;
        // term_n = y^(a+n) e^-y / Γ(a+n+1), in logs for the first term, then by ratios y / (a+n+1).
        double term = Math.exp(a * Math.log(y) - y - logGamma(a + 1));
        double sum = term;
        for (int n = 0; n < 100_000 && term > sum * 1e-16; n++) {
            term *= y / (a + n + 1);
            sum += term;
        }
        return Math.min(1.0, Math.max(0.0, 1.0 - sum));
    }

    /** ln Γ(z) for z a positive multiple of 1/2, exactly: Γ(1) = 1, Γ(1/2) = √π, Γ(z+1) = zΓ(z). */
    static double logGamma(double z) {
        if (z <= 0 || 2 * z != Math.rint(2 * z)) {
            throw new IllegalArgumentException("only positive multiples of 1/2, not " + z);
        }
        boolean half = Math.rint(z) != z;
        double value = half ? 0.5 * Math.log(Math.PI) : 0;
        for (double k = half ? 0.5 : 1; k < z; k++) {
            value += Math.log(k);
        }
        return value;
    }
}
