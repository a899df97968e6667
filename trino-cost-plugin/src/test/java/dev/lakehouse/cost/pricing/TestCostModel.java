package dev.lakehouse.cost.pricing;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

final class TestCostModel
{
    private static final CostModel MODEL = new CostModel(new BigDecimal("5.00"), new BigDecimal("0.05"), new BigDecimal("0.01"), new BigDecimal("10.00"));

    /**
     * The worked example of docs/cost.md.
     */
    @Test
    void testWorkedExampleOfTheDocs()
    {
        // 256 GiB read, 2.5 CPU-hours, 40 GiB held for 30 minutes, 10 GiB written
        QueryUsage usage = new QueryUsage(
                256L << 30,
                9_000_000,
                (40.0 * (1L << 30)) * 1_800_000,
                10L << 30);

        QueryCost cost = MODEL.price(usage);

        assertThat(cost.physicalInputMicros()).isEqualTo(1_250_000); // 0.25 TiB x 5.00
        assertThat(cost.cpuMicros()).isEqualTo(125_000); // 2.5 h x 0.05
        assertThat(cost.memoryMicros()).isEqualTo(200_000); // 20 GiB-hours x 0.01
        assertThat(cost.writtenMicros()).isEqualTo(97_656); // 10/1024 TiB x 10.00 = 0.09765625, rounded half-even
        assertThat(cost.totalMicros()).isEqualTo(1_672_656);
        assertThat(cost.total()).isEqualByComparingTo("1.672656");
    }

    @Test
    void testRoundsEachPartHalfEvenToMicros()
    {
        CostModel model = new CostModel(new BigDecimal("5.00"), BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        // 1 MiB at 5.00 per TiB = 0.00000476837... → 0.000005
        assertThat(model.price(new QueryUsage(1L << 20, 0, 0, 0)).physicalInputMicros()).isEqualTo(5);
        // 1 KiB = 0.0000000046... → 0
        assertThat(model.price(new QueryUsage(1L << 10, 0, 0, 0)).physicalInputMicros()).isZero();
        // one TiB exactly
        assertThat(model.price(new QueryUsage(1L << 40, 0, 0, 0)).physicalInputMicros()).isEqualTo(5_000_000);
    }

    @Test
    void testFreeResourcesCostNothing()
    {
        CostModel model = new CostModel(BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO);
        assertThat(model.price(new QueryUsage(1L << 50, 1_000_000_000L, 1e18, 1L << 50))).isEqualTo(QueryCost.ZERO);
    }

    @Test
    void testRejectsNegativeUsage()
    {
        assertThatThrownBy(() -> new QueryUsage(-1, 0, 0, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("physicalInputBytes is negative");
        assertThatThrownBy(() -> new QueryUsage(0, 0, Double.NaN, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cumulativeMemory is negative or not finite");
    }
}
