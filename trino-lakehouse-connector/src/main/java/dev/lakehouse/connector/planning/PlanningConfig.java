package dev.lakehouse.connector.planning;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.DataSize;
import io.airlift.units.Duration;
import io.airlift.units.MaxDuration;
import io.airlift.units.MinDataSize;
import jakarta.validation.constraints.NotNull;

import static io.airlift.units.DataSize.Unit.MEGABYTE;
import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * How a scan is planned into splits.
 */
public class PlanningConfig
{
    private DataSize splitSize = DataSize.of(64, MEGABYTE);
    private Duration dynamicFilteringWaitTimeout = new Duration(1, SECONDS);
    private DataSize fileOpenCost = DataSize.of(4, MEGABYTE);

    @NotNull
    @MinDataSize("1MB")
    public DataSize getSplitSize()
    {
        return splitSize;
    }

    @Config("lakehouse.planning.split-size")
    @ConfigDescription("Target size of a split; larger files are split at row group boundaries")
    public PlanningConfig setSplitSize(DataSize splitSize)
    {
        this.splitSize = splitSize;
        return this;
    }

    @NotNull
    public DataSize getFileOpenCost()
    {
        return fileOpenCost;
    }

    @Config("lakehouse.planning.file-open-cost")
    @ConfigDescription("What opening a data file costs, as bytes read: files smaller than the split size are read several to a split, up to the split size counting each file at least this much; the split size or more gives each file its own split")
    public PlanningConfig setFileOpenCost(DataSize fileOpenCost)
    {
        this.fileOpenCost = fileOpenCost;
        return this;
    }

    @NotNull
    @MaxDuration("1h")
    public Duration getDynamicFilteringWaitTimeout()
    {
        return dynamicFilteringWaitTimeout;
    }

    @Config("lakehouse.dynamic-filtering.wait-timeout")
    @ConfigDescription("How long split generation waits for dynamic filters from joins before it starts without them")
    public PlanningConfig setDynamicFilteringWaitTimeout(Duration dynamicFilteringWaitTimeout)
    {
        this.dynamicFilteringWaitTimeout = dynamicFilteringWaitTimeout;
        return this;
    }
}
