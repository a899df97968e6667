package dev.lakehouse.benchmarks;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static dev.lakehouse.benchmarks.ResultComparison.difference;
import static org.assertj.core.api.Assertions.assertThat;

final class TestResultComparison
{
    @Test
    void testSameRowsInAnotherOrderMatch()
    {
        List<List<Object>> left = List.of(row("A", 1L, new BigDecimal("2.50")), row("B", 2L, new BigDecimal("3.00")));
        List<List<Object>> right = List.of(row("B", 2L, new BigDecimal("3.00")), row("A", 1L, new BigDecimal("2.50")));
        assertThat(difference("q01", "lakehouse", left, "iceberg", right)).isEmpty();
        assertThat(difference("q01", "lakehouse", List.of(), "iceberg", List.of())).isEmpty();
    }

    @Test
    void testDecimalsCompareByValue()
    {
        assertThat(difference("q", "a", List.of(row(new BigDecimal("1.0"))), "b", List.of(row(new BigDecimal("1.00"))))).isEmpty();
        assertThat(difference("q", "a", List.of(row(new BigDecimal("0.00"))), "b", List.of(row(new BigDecimal("0E-8"))))).isEmpty();
    }

    @Test
    void testDifferentValueIsShownWithBothCatalogs()
    {
        List<List<Object>> left = List.of(row("A", "F", new BigDecimal("37734107.00")), row("N", "O", new BigDecimal("1.00")));
        List<List<Object>> right = List.of(row("A", "F", new BigDecimal("37734108.00")), row("N", "O", new BigDecimal("1.00")));
        assertThat(difference("q01", "lakehouse", left, "iceberg", right)).hasValue("""
                Query q01 returned different rows: lakehouse 2 rows, iceberg 2 rows.
                  1 row only in lakehouse:
                    ('A', 'F', 37734107.00)
                  1 row only in iceberg:
                    ('A', 'F', 37734108.00)""");
    }

    @Test
    void testMissingRowAndDuplicatesCount()
    {
        List<List<Object>> left = List.of(row(1L), row(1L), row(2L));
        List<List<Object>> right = List.of(row(1L), row(2L));
        assertThat(difference("needle_hit", "lakehouse", left, "iceberg", right)).hasValue("""
                Query needle_hit returned different rows: lakehouse 3 rows, iceberg 2 rows.
                  1 row only in lakehouse:
                    (1)""");
        assertThat(difference("needle_miss", "lakehouse", List.of(), "iceberg", List.of(row((Object) null)))).hasValue("""
                Query needle_miss returned different rows: lakehouse 0 rows, iceberg 1 row.
                  1 row only in iceberg:
                    (NULL)""");
    }

    @Test
    void testNullsAndDatesCompareExactly()
    {
        Date date = Date.valueOf("1995-03-15");
        assertThat(difference("q", "a", List.of(row(null, date)), "b", List.of(row(null, Date.valueOf("1995-03-15"))))).isEmpty();
        assertThat(difference("q", "a", List.of(row(null, date)), "b", List.of(row("", date)))).isPresent();
    }

    @Test
    void testFloatingPointSumsMayDifferInTheirLastDigits()
    {
        double sum = 0.1 + 0.2 + 0.3;
        double otherOrder = 0.3 + 0.2 + 0.1;
        assertThat(sum).isNotEqualTo(otherOrder);
        assertThat(difference("q", "a", List.of(row("x", sum)), "b", List.of(row("x", otherOrder)))).isEmpty();
        assertThat(difference("q", "a", List.of(row(-0.0)), "b", List.of(row(0.0)))).isEmpty();
        assertThat(difference("q", "a", List.of(row(Double.NaN)), "b", List.of(row(Double.NaN)))).isEmpty();
        assertThat(difference("q", "a", List.of(row(1.5f)), "b", List.of(row(1.5)))).isEmpty();
    }

    @Test
    void testFloatingPointValuesBeyondRoundingDiffer()
    {
        assertThat(difference("q", "a", List.of(row(1.0)), "b", List.of(row(1.000001)))).hasValue("""
                Query q returned different rows: a 1 row, b 1 row.
                  1 row only in a:
                    (1.0)
                  1 row only in b:
                    (1.000001)""");
        assertThat(difference("q", "a", List.of(row(1.0)), "b", List.of(row(Double.NaN)))).isPresent();
        assertThat(ResultComparison.approximatelyEqual(1e12, 1e12 + 1)).isTrue();
        assertThat(ResultComparison.approximatelyEqual(1e12, 1e12 + 10_000)).isFalse();
    }

    @Test
    void testBinaryValuesCompareByContent()
    {
        assertThat(difference("q", "a", List.of(row((Object) new byte[] {1, 2})), "b", List.of(row((Object) new byte[] {1, 2})))).isEmpty();
        assertThat(difference("q", "a", List.of(row((Object) new byte[] {1, 2})), "b", List.of(row((Object) new byte[] {1, 3}))))
                .hasValueSatisfying(message -> assertThat(message).contains("(X'0102')", "(X'0103')"));
    }

    @Test
    void testAtMostTenRowsAreShown()
    {
        List<List<Object>> left = new ArrayList<>();
        for (long value = 0; value < 25; value++) {
            left.add(row(value));
        }
        assertThat(difference("full_scan", "lakehouse", left, "iceberg", List.of()))
                .hasValueSatisfying(message -> assertThat(message)
                        .startsWith("Query full_scan returned different rows: lakehouse 25 rows, iceberg 0 rows.\n  25 rows only in lakehouse:\n")
                        .endsWith("\n    ... and 15 more")
                        .hasLineCount(13));
    }

    private static List<Object> row(Object... values)
    {
        return Arrays.asList(values);
    }
}
