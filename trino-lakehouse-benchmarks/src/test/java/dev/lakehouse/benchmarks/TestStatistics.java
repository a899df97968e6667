package dev.lakehouse.benchmarks;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

final class TestStatistics
{
    @Test
    void testMedianOfOddCountIsTheMiddleValue()
    {
        assertThat(Statistics.median(List.of(30.0, 10.0, 20.0))).isEqualTo(20.0);
        assertThat(Statistics.median(List.of(7L))).isEqualTo(7.0);
        // an outlier does not move it
        assertThat(Statistics.median(List.of(1.0, 2.0, 1000.0))).isEqualTo(2.0);
    }

    @Test
    void testMedianOfEvenCountIsTheMeanOfTheTwoMiddleValues()
    {
        assertThat(Statistics.median(List.of(4L, 1L, 3L, 2L))).isEqualTo(2.5);
    }

    @Test
    void testMedianOfNothingFails()
    {
        assertThatThrownBy(() -> Statistics.median(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No values to take the median of");
    }

    @Test
    void testGeometricMeanTreatsFasterAndSlowerAsOpposites()
    {
        assertThat(Statistics.geometricMean(List.of(0.5, 2.0))).isCloseTo(1.0, within(1e-12));
        assertThat(Statistics.geometricMean(List.of(2.0, 8.0))).isCloseTo(4.0, within(1e-12));
        assertThat(Statistics.geometricMean(List.of(1.1, 1.1, 1.1))).isCloseTo(1.1, within(1e-12));
        assertThat(Statistics.geometricMean(List.of(3.0))).isCloseTo(3.0, within(1e-12));
    }

    @Test
    void testGeometricMeanRejectsWhatIsNotARatio()
    {
        assertThatThrownBy(() -> Statistics.geometricMean(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("No values to take the geometric mean of");
        assertThatThrownBy(() -> Statistics.geometricMean(List.of(1.0, 0.0)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Geometric mean of a value that is not a positive finite number: 0.0");
        assertThatThrownBy(() -> Statistics.geometricMean(List.of(Double.POSITIVE_INFINITY)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Geometric mean of a value that is not a positive finite number: Infinity");
    }

    @Test
    void testRatio()
    {
        assertThat(Statistics.ratio(150, 100)).isEqualTo(1.5);
        assertThatThrownBy(() -> Statistics.ratio(1, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("Ratio of durations that are not positive: 1.0 / 0.0");
    }
}
