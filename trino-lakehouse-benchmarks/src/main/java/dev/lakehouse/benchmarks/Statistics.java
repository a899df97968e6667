package dev.lakehouse.benchmarks;

import com.google.common.math.Quantiles;

import java.util.Collection;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The summary statistics the benchmark reports: medians of repeated timings, and the geometric mean
 * of ratios (the mean that treats 2x faster and 2x slower as opposites).
 */
public final class Statistics
{
    private Statistics() {}

    /**
     * The middle value, or the mean of the two middle values for an even count.
     *
     * @throws IllegalArgumentException when there are no values
     */
    public static double median(Collection<? extends Number> values)
    {
        checkArgument(!values.isEmpty(), "No values to take the median of");
        return Quantiles.median().compute(values);
    }

    /**
     * The n-th root of the product of the n values.
     *
     * @throws IllegalArgumentException when there are no values, or one is not a positive finite number
     */
    public static double geometricMean(Collection<Double> values)
    {
        checkArgument(!values.isEmpty(), "No values to take the geometric mean of");
        double sumOfLogarithms = 0;
        for (double value : values) {
            checkArgument(value > 0 && Double.isFinite(value), "Geometric mean of a value that is not a positive finite number: %s", value);
            sumOfLogarithms += Math.log(value);
        }
        return Math.exp(sumOfLogarithms / values.size());
    }

    /**
     * {@code numerator / denominator}, for two positive durations.
     *
     * @throws IllegalArgumentException when either is not positive
     */
    public static double ratio(double numerator, double denominator)
    {
        checkArgument(numerator > 0 && denominator > 0, "Ratio of durations that are not positive: %s / %s", numerator, denominator);
        return numerator / denominator;
    }
}
