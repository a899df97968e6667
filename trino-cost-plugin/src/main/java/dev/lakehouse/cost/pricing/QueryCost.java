package dev.lakehouse.cost.pricing;

import java.math.BigDecimal;

import static com.google.common.base.Preconditions.checkArgument;

/**
 * The price of one query, by resource, in millionths of the currency unit ("micros"). The total is
 * the sum of the parts, so totals over many queries add up to the cent.
 */
public record QueryCost(long physicalInputMicros, long cpuMicros, long memoryMicros, long writtenMicros)
{
    public static final int SCALE = 6;
    public static final QueryCost ZERO = new QueryCost(0, 0, 0, 0);

    public QueryCost
    {
        checkArgument(physicalInputMicros >= 0 && cpuMicros >= 0 && memoryMicros >= 0 && writtenMicros >= 0, "cost is negative");
    }

    public long totalMicros()
    {
        return Math.addExact(Math.addExact(physicalInputMicros, cpuMicros), Math.addExact(memoryMicros, writtenMicros));
    }

    public BigDecimal total()
    {
        return toAmount(totalMicros());
    }

    public static BigDecimal toAmount(long micros)
    {
        return BigDecimal.valueOf(micros, SCALE);
    }
}
