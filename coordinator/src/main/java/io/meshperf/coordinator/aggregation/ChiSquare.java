package io.meshperf.coordinator.aggregation;

/**
 * Pearson's chi-square statistic and its p-value: the chance that a split at least this uneven
 * happens by luck when backends really are chosen with the expected probabilities. The p-value is
 * the regularized upper incomplete gamma function Q(dof/2, x/2), computed by its power series below
 * a+1 and by its continued fraction (modified Lentz) above, with the Lanczos approximation of
 * ln Γ; accurate to about 1e-10, far beyond what a load-balancing verdict needs. Pure, thread-safe.
 */
public final class ChiSquare {

    private static final double EPSILON = 1e-14;
    private static final int MAX_ITERATIONS = 10_000;
    private static final double TINY = 1e-300;
    private static final double[] LANCZOS = {
        0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
        -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
        1.5056327351493116e-7};

    private ChiSquare() {
    }

    /**
     * Sum over categories of (observed - expected)² / expected.
     *
     * @throws IllegalArgumentException if the arrays differ in length or an expected count is not positive
     */
    public static double statistic(long[] observed, double[] expected) {
        if (observed.length != expected.length) {
            throw new IllegalArgumentException("observed has " + observed.length + " categories, expected "
                    + expected.length);
        }
        double sum = 0;
        for (int i = 0; i < observed.length; i++) {
            if (!(expected[i] > 0)) {
                throw new IllegalArgumentException("expected count of category " + i + " must be positive, got "
                        + expected[i]);
            }
            double d = observed[i] - expected[i];
            sum += d * d / expected[i];
        }
        return sum;
    }

    /**
     * P(X ≥ statistic) for a chi-square variable with {@code degreesOfFreedom}.
     *
     * @throws IllegalArgumentException if the statistic is negative or NaN, or dof is below 1
     */
    public static double pValue(double statistic, int degreesOfFreedom) {
        if (!(statistic >= 0)) {
            throw new IllegalArgumentException("chi-square statistic must be >= 0, got " + statistic);
        }
        if (degreesOfFreedom < 1) {
            throw new IllegalArgumentException("degrees of freedom must be >= 1, got " + degreesOfFreedom);
        }
        return upperRegularizedGamma(degreesOfFreedom / 2.0, statistic / 2.0);
    }

    /** Q(a, x) = Γ(a, x) / Γ(a), for a > 0 and x ≥ 0. */
    static double upperRegularizedGamma(double a, double x) {
        if (x == 0) {
            return 1.0;
        }
        if (Double.isInfinite(x)) {
            return 0.0;
        }
        if (x < a + 1) {
            return Math.max(0.0, 1.0 - lowerSeries(a, x));
        }
        return upperContinuedFraction(a, x);
    }

    private static double lowerSeries(double a, double x) {
        double term = 1.0 / a;
        double sum = term;
        for (int n = 1; n < MAX_ITERATIONS; n++) {
            term *= x / (a + n);
            sum += term;
            if (Math.abs(term) < Math.abs(sum) * EPSILON) {
                break;
            }
        }
        return sum * Math.exp(-x + a * Math.log(x) - lnGamma(a));
    }

    private static double upperContinuedFraction(double a, double x) {
        double b = x + 1 - a;
        double c = 1 / TINY;
        double d = 1 / b;
        double h = d;
        for (int i = 1; i < MAX_ITERATIONS; i++) {
            double an = -i * (i - a);
            b += 2;
            d = an * d + b;
            if (Math.abs(d) < TINY) {
                d = TINY;
            }
            c = b + an / c;
            if (Math.abs(c) < TINY) {
                c = TINY;
            }
            d = 1 / d;
            double delta = d * c;
            h *= delta;
            if (Math.abs(delta - 1) < EPSILON) {
                break;
            }
        }
        return Math.exp(-x + a * Math.log(x) - lnGamma(a)) * h;
    }

    /** ln Γ(x) for x > 0 (Lanczos, g = 7). */
    static double lnGamma(double x) {
        if (x < 0.5) {
            // Reflection keeps the approximation in its accurate range.
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
        }
        double z = x - 1;
        double sum = LANCZOS[0];
        for (int i = 1; i < LANCZOS.length; i++) {
            sum += LANCZOS[i] / (z + i);
        }
        double t = z + 7.5;
        return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
    }
}
