package dev.lakehouse.access;

import io.airlift.configuration.Config;
import io.airlift.configuration.ConfigDescription;
import io.airlift.units.Duration;
import io.airlift.units.MinDuration;
import jakarta.validation.constraints.NotNull;

import java.nio.file.Path;

import static java.util.concurrent.TimeUnit.SECONDS;

/**
 * Where the policy is and how often it is reloaded. The property names are those of Trino's
 * file-based access control, so an existing {@code access-control.properties} keeps working
 * once {@code access-control.name=file} becomes {@code access-control.name=lakehouse}.
 */
public class LakehouseAccessControlConfig
{
    private Path configFile;
    private Duration refreshPeriod = new Duration(10, SECONDS);
    private String jsonPointer = "";

    @NotNull
    public Path getConfigFile()
    {
        return configFile;
    }

    @Config("security.config-file")
    @ConfigDescription("The policy file: Trino's file-based access control rules, with our roles, tags, masks and rules")
    public LakehouseAccessControlConfig setConfigFile(Path configFile)
    {
        this.configFile = configFile;
        return this;
    }

    @NotNull
    @MinDuration("1ms")
    public Duration getRefreshPeriod()
    {
        return refreshPeriod;
    }

    @Config("security.refresh-period")
    @ConfigDescription("How often the policy file is checked for changes; a valid change takes effect at the next check")
    public LakehouseAccessControlConfig setRefreshPeriod(Duration refreshPeriod)
    {
        this.refreshPeriod = refreshPeriod;
        return this;
    }

    @NotNull
    public String getJsonPointer()
    {
        return jsonPointer;
    }

    @Config("security.json-pointer")
    @ConfigDescription("JSON pointer (RFC 6901) to the policy inside the file, for a policy embedded in a larger document")
    public LakehouseAccessControlConfig setJsonPointer(String jsonPointer)
    {
        this.jsonPointer = jsonPointer;
        return this;
    }
}
