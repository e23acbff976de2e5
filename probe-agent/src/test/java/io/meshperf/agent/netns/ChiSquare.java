package io.meshperf.agent.netns;

/**
 * Pearson's chi-square goodness-of-fit test against equal shares: is a split of counts over k
 * categories consistent with each category having probability 1/k? Pure.
 */
final class ChiSquare {

    private ChiSquare() {
    }

    /** The statistic: sum of (observed - expected)^2 / expected, with expected = total / k. */
    static double statistic(long[] counts) {
        long total = 0;
        for (long c : counts) {
            total += c;
        }
        if (counts.length < 2 || total == 0) {
            throw new IllegalArgumentException("need at least 2 categories and 1 observation");
        }
        double expected = (double) total / counts.length;
        double sum = 0;
        for (long c : counts) {
            sum += (c - expected) * (c - expected) / expected;
        }
        return sum;
    }

    /** The probability of a statistic at least this large if the shares really are equal. */
    static double pValue(long[] counts) {
        return survival(statistic(counts), counts.length - 1);
    }

    /**
     * P(X >= x) for a chi-square variable with {@code df} degrees of freedom: 1 - P(df/2, x/2), with
     * the regularized lower incomplete gamma function P computed from its power series.
     */
    static double survival(double x, int df) {
        if (x <= 0) {
            return 1.0;
        }
        double a = df / 2.0;
        double half = x / 2.0;
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < 10_000 && term > sum * 1e-15; n++) {
            term *= half / (a + n);
            sum += term;
        }
        double logLower = a * Math.log(half) - half + Math.log(sum) - logGamma(a);
        return Math.max(0.0, 1.0 - Math.exp(logLower));
    }

    /** ln Γ(a) for a positive integer or half-integer a, exactly by recursion. */
    static double logGamma(double a) {
        double twice = 2 * a;
        if (twice != Math.rint(twice) || a <= 0) {
            throw new IllegalArgumentException("only positive integers and half-integers: " + a);
        }
        double value = (twice % 2 == 0) ? 0.0 : 0.5 * Math.log(Math.PI);
        for (double z = (twice % 2 == 0) ? 1 : 0.5; z < a; z++) {
            value += Math.log(z);
        }
        return value;
    }
}
