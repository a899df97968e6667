package dev.lakehouse.cost.budget;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.util.Optional;

import static java.util.concurrent.TimeUnit.SECONDS;

public class BudgetsConfig
{
    private String configFile;
    private Duration refreshInterval = new Duration(5, SECONDS);

    public Optional<String> getConfigFile()
    {
        return Optional.ofNullable(configFile);
    }

    @Config("cost.budgets.config-file")
    @ConfigDescription("JSON file with the teams, their budgets and the guard rails; reloaded when it changes")
    public BudgetsConfig setConfigFile(String configFile)
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

    @Config("cost.budgets.refresh-interval")
    @ConfigDescription("How often the budgets file is checked for changes, and the ledger for records written by other servers")
    public BudgetsConfig setRefreshInterval(Duration refreshInterval)
    {
        this.refreshInterval = refreshInterval;
        return this;
    }
}
