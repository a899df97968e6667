package dev.lakehouse.cost.resourcegroups;

import io.trino.spi.resourcegroups.ResourceGroup;
import io.trino.spi.resourcegroups.ResourceGroupId;
import io.trino.spi.resourcegroups.SchedulingPolicy;

import java.time.Duration;

import static java.util.Objects.requireNonNull;

/**
 * A resource group that only remembers its settings.
 */
final class TestingResourceGroup
        implements ResourceGroup
{
    private final ResourceGroupId id;
    private long softMemoryLimitBytes;
    private Duration softCpuLimit = Duration.ZERO;
    private Duration hardCpuLimit = Duration.ZERO;
    private long cpuQuotaGenerationMillisPerSecond;
    private int softConcurrencyLimit;
    private int hardConcurrencyLimit;
    private int maxQueuedQueries;
    private int schedulingWeight;
    private SchedulingPolicy schedulingPolicy = SchedulingPolicy.FAIR;
    private boolean jmxExport;
    private boolean disabled;

    TestingResourceGroup(ResourceGroupId id)
    {
        this.id = requireNonNull(id, "id is null");
    }

    @Override
    public ResourceGroupId getId()
    {
        return id;
    }

    @Override
    public long getSoftMemoryLimitBytes()
    {
        return softMemoryLimitBytes;
    }

    @Override
    public void setSoftMemoryLimitBytes(long limit)
    {
        softMemoryLimitBytes = limit;
    }

    @Override
    public Duration getSoftCpuLimit()
    {
        return softCpuLimit;
    }

    @Override
    public void setSoftCpuLimit(Duration limit)
    {
        softCpuLimit = limit;
    }

    @Override
    public Duration getHardCpuLimit()
    {
        return hardCpuLimit;
    }

    @Override
    public void setHardCpuLimit(Duration limit)
    {
        hardCpuLimit = limit;
    }

    @Override
    public long getCpuQuotaGenerationMillisPerSecond()
    {
        return cpuQuotaGenerationMillisPerSecond;
    }

    @Override
    public void setCpuQuotaGenerationMillisPerSecond(long rate)
    {
        cpuQuotaGenerationMillisPerSecond = rate;
    }

    @Override
    public int getSoftConcurrencyLimit()
    {
        return softConcurrencyLimit;
    }

    @Override
    public void setSoftConcurrencyLimit(int softConcurrencyLimit)
    {
        this.softConcurrencyLimit = softConcurrencyLimit;
    }

    @Override
    public int getHardConcurrencyLimit()
    {
        return hardConcurrencyLimit;
    }

    @Override
    public void setHardConcurrencyLimit(int hardConcurrencyLimit)
    {
        this.hardConcurrencyLimit = hardConcurrencyLimit;
    }

    @Override
    public int getMaxQueuedQueries()
    {
        return maxQueuedQueries;
    }

    @Override
    public void setMaxQueuedQueries(int maxQueuedQueries)
    {
        this.maxQueuedQueries = maxQueuedQueries;
    }

    @Override
    public int getSchedulingWeight()
    {
        return schedulingWeight;
    }

    @Override
    public void setSchedulingWeight(int weight)
    {
        schedulingWeight = weight;
    }

    @Override
    public SchedulingPolicy getSchedulingPolicy()
    {
        return schedulingPolicy;
    }

    @Override
    public void setSchedulingPolicy(SchedulingPolicy policy)
    {
        schedulingPolicy = policy;
    }

    @Override
    public boolean getJmxExport()
    {
        return jmxExport;
    }

    @Override
    public void setJmxExport(boolean export)
    {
        jmxExport = export;
    }

    @Override
    public boolean isDisabled()
    {
        return disabled;
    }

    @Override
    public void setDisabled(boolean disabled)
    {
        this.disabled = disabled;
    }
}
