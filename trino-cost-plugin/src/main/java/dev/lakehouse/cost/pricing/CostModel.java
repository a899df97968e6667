package dev.lakehouse.cost.pricing;

import com.google.inject.Inject;

import java.math.BigDecimal;
import java.math.RoundingMode;

import static java.util.Objects.requireNonNull;

/**
 * Prices a query from what it consumed:
 *
 * <pre>
 * physical input  = bytes read / 2^40                      x price per TiB
 * CPU             = CPU milliseconds / 3,600,000           x price per CPU-hour
 * memory          = byte-milliseconds / (2^30 x 3,600,000) x price per GiB-hour
 * written         = bytes written / 2^40                   x price per TiB
 * </pre>
 *
 * Each part is rounded half-even to a millionth of the currency unit; the total is their sum.
 */
public final class CostModel
{
    private static final BigDecimal TIB = BigDecimal.valueOf(1L << 40);
    private static final BigDecimal MILLIS_PER_HOUR = BigDecimal.valueOf(3_600_000L);
    private static final BigDecimal GIB_MILLIS_PER_GIB_HOUR = BigDecimal.valueOf(1L << 30).multiply(MILLIS_PER_HOUR);

    private final BigDecimal physicalInputPerTib;
    private final BigDecimal cpuPerHour;
    private final BigDecimal memoryPerGibHour;
    private final BigDecimal writtenPerTib;

    @Inject
    public CostModel(PricingConfig config)
    {
        this(config.getPhysicalInputPerTib(), config.getCpuPerHour(), config.getMemoryPerGibHour(), config.getWrittenPerTib());
    }

    public CostModel(BigDecimal physicalInputPerTib, BigDecimal cpuPerHour, BigDecimal memoryPerGibHour, BigDecimal writtenPerTib)
    {
        this.physicalInputPerTib = requireNonNull(physicalInputPerTib, "physicalInputPerTib is null");
        this.cpuPerHour = requireNonNull(cpuPerHour, "cpuPerHour is null");
        this.memoryPerGibHour = requireNonNull(memoryPerGibHour, "memoryPerGibHour is null");
        this.writtenPerTib = requireNonNull(writtenPerTib, "writtenPerTib is null");
    }

    public QueryCost price(QueryUsage usage)
    {
        return new QueryCost(
                micros(BigDecimal.valueOf(usage.physicalInputBytes()), physicalInputPerTib, TIB),
                micros(BigDecimal.valueOf(usage.cpuTimeMillis()), cpuPerHour, MILLIS_PER_HOUR),
                micros(new BigDecimal(usage.cumulativeMemory()), memoryPerGibHour, GIB_MILLIS_PER_GIB_HOUR),
                micros(BigDecimal.valueOf(usage.writtenBytes()), writtenPerTib, TIB));
    }

    private static long micros(BigDecimal quantity, BigDecimal pricePerUnit, BigDecimal quantityPerUnit)
    {
        if (quantity.signum() == 0 || pricePerUnit.signum() == 0) {
            return 0;
        }
        return quantity.multiply(pricePerUnit)
                .movePointRight(QueryCost.SCALE)
                .divide(quantityPerUnit, 0, RoundingMode.HALF_EVEN)
                .longValueExact();
    }
}
