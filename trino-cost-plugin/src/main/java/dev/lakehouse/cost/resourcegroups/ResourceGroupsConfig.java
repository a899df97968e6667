package dev.lakehouse.cost.resourcegroups;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;

import static java.util.concurrent.TimeUnit.SECONDS;

public class ResourceGroupsConfig
{
    private String configFile;
    private Duration refreshInterval = new Duration(5, SECONDS);

    @NotNull
    public String getConfigFile()
    {
        return configFile;
    }

    @Config("resource-groups.config-file")
    @ConfigDescription("Resource group file in Trino's file-based format (root groups, sub-groups, selectors, cpuQuotaPeriod)")
    public ResourceGroupsConfig setConfigFile(String configFile)
    {
        this.configFile = configFile;
        return this;
    }

    @NotNull
    @MinDuration("100ms")
    public Duration getRefreshInterval()
    {
        return refreshInterval;
    }

    @Config("resource-groups.refresh-interval")
    @ConfigDescription("How often the resource group file is checked for changes")
    public ResourceGroupsConfig setRefreshInterval(Duration refreshInterval)
    {
        this.refreshInterval = refreshInterval;
        return this;
    }
}
