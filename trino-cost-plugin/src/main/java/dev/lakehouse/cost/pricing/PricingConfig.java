package dev.lakehouse.cost.pricing;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.NotNull;

import java.math.BigDecimal;

/**
 * Prices of the cost model, in the currency the budgets are written in. Each is a decimal amount
 * per unit; a price of 0 leaves that resource free.
 */
public class PricingConfig
{
    private BigDecimal physicalInputPerTib = new BigDecimal("5.00");
    private BigDecimal cpuPerHour = BigDecimal.ZERO;
    private BigDecimal memoryPerGibHour = BigDecimal.ZERO;
    private BigDecimal writtenPerTib = BigDecimal.ZERO;

    @NotNull
    @DecimalMin(value = "0", message = "must not be negative")
    public BigDecimal getPhysicalInputPerTib()
    {
        return physicalInputPerTib;
    }

    @Config("cost.price.physical-input-per-tib")
    @ConfigDescription("Price of one TiB (2^40 bytes) read from storage by a query (Trino's physical input)")
    public PricingConfig setPhysicalInputPerTib(BigDecimal physicalInputPerTib)
    {
        this.physicalInputPerTib = physicalInputPerTib;
        return this;
    }

    @NotNull
    @DecimalMin(value = "0", message = "must not be negative")
    public BigDecimal getCpuPerHour()
    {
        return cpuPerHour;
    }

    @Config("cost.price.cpu-per-hour")
    @ConfigDescription("Price of one hour of CPU time used by a query on all nodes")
    public PricingConfig setCpuPerHour(BigDecimal cpuPerHour)
    {
        this.cpuPerHour = cpuPerHour;
        return this;
    }

    @NotNull
    @DecimalMin(value = "0", message = "must not be negative")
    public BigDecimal getMemoryPerGibHour()
    {
        return memoryPerGibHour;
    }

    @Config("cost.price.memory-per-gib-hour")
    @ConfigDescription("Price of one GiB of memory held for one hour (from the query's cumulative memory)")
    public PricingConfig setMemoryPerGibHour(BigDecimal memoryPerGibHour)
    {
        this.memoryPerGibHour = memoryPerGibHour;
        return this;
    }

    @NotNull
    @DecimalMin(value = "0", message = "must not be negative")
    public BigDecimal getWrittenPerTib()
    {
        return writtenPerTib;
    }

    @Config("cost.price.written-per-tib")
    @ConfigDescription("Price of one TiB written by a query (Trino's written data size)")
    public PricingConfig setWrittenPerTib(BigDecimal writtenPerTib)
    {
        this.writtenPerTib = writtenPerTib;
        return this;
    }
}
