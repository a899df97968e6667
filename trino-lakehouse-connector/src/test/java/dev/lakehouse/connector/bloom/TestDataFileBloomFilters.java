package dev.lakehouse.connector.bloom;

import org.apache.parquet.column.values.bloomfilter.BlockSplitBloomFilter;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;

final class TestDataFileBloomFilters
{
    private static final int PROBES = 2_000_000;

    @Test
    void testFilterKeepsTheDeclaredFalsePositiveRate()
    {
        assertFalsePositiveRate(0.1, 5000);
        assertFalsePositiveRate(0.01, 5000);
        assertFalsePositiveRate(0.001, 2400);
        assertFalsePositiveRate(0.001, 50000);
        assertFalsePositiveRate(0.0001, 20000);
    }

    private static void assertFalsePositiveRate(double fpp, int distinctValues)
    {
        // hashes of distinct values are uniform 64-bit numbers: random ones stand for them
        SplittableRandom random = new SplittableRandom(distinctValues);
        BlockSplitBloomFilter filter = DataFileBloomFilters.newFilter(distinctValues, fpp);
        for (int i = 0; i < distinctValues; i++) {
            filter.insertHash(random.nextLong());
        }
        long falsePositives = 0;
        for (int i = 0; i < PROBES; i++) {
            if (filter.findHash(random.nextLong())) {
                falsePositives++;
            }
        }
        double measured = (double) falsePositives / PROBES;
        // the rate is the filter's expected one: measured over 2,000,000 probes it stays within a few percent
        // (at 0.0001, 200 expected hits: within 20%)
        assertThat(measured).as("false-positive rate of a filter for %s values at %s", distinctValues, fpp).isLessThan(fpp * 1.2);
        // and the filter is not larger than needed for it
        assertThat(measured).as("false-positive rate of a filter for %s values at %s", distinctValues, fpp).isGreaterThan(fpp * 0.6);
    }
}
